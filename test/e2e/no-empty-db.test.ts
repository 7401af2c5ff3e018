// SPEC §6: nothing is written when the exit code is not 0 or 1 — not even an empty database file
// for a step on a record that cannot exist yet.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kaohe, tempDir } from '../helpers.js';

describe('a step on an existing record, on a database that does not exist', () => {
  it.each([
    ['letter note', ['letter', 'note', 'L2026-0001', '--text', '已联系']],
    ['letter reply', ['letter', 'reply', 'L2026-0001', '--text', '已答复', '--by', '王强']],
    ['letter archive', ['letter', 'archive', 'L2026-0001']],
    ['ticket respond', ['ticket', 'respond', 'T2026-0001']],
    ['guard sign', ['guard', 'sign', 'G2026-0001', '--side', 'company', '--by', '张队长']],
    ['guard void', ['guard', 'void', 'G2026-0001', '--reason', '录错']],
    ['guard deduct', ['guard', 'deduct', '--guard', '张伟', '--rule', '1', '--inspector', '李主管']],
    ['guard reward', ['guard', 'reward', '--guard', '张伟', '--amount', '50', '--reason', '拾金不昧', '--by', '王经理']],
    ['guard dismiss', ['guard', 'dismiss', '张伟', '--reason', '第三次旷工']],
  ])('%s is exit 5 and leaves no file behind', (_name, args) => {
    const db = join(tempDir(), 'none.db');
    const r = kaohe(args, { KAOHE_DB: db, KAOHE_NOW: '2026-11-01 10:00' });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('kaohe db init');
    expect(existsSync(db)).toBe(false);
  });
});

// SPEC §0: only `kaohe db init` (and `kaohe demo`) create a database file. A typo in --db on a
// command that would make a new record must not split the records over two files.
describe('a command that makes a new record, on a path with no database', () => {
  it.each([
    ['letter log', ['letter', 'log', '--channel', 'phone', '--from', '王强', '--subject', '发票']],
    ['ticket open', ['ticket', 'open', '--customer', '大庆公交', '--phone', '0459-6123456', '--vehicle', '黑E·30215', '--fault', 'body', '--distance', '10']],
    ['guard add', ['guard', 'add', '--name', '孙磊', '--company', '齐铁保安服务公司', '--site', '龙华物业小区', '--base-pay', '3100']],
  ])('%s is exit 5 with the hint `kaohe db init`, and creates neither the file nor its folders', (_name, args) => {
    const top = join(tempDir(), 'typo');
    const db = join(top, 'sub', 'kaohe.db');
    const en = kaohe(args, { KAOHE_DB: db, KAOHE_NOW: '2026-11-01 10:00' });
    expect([en.code, en.stderr]).toEqual([5, `kaohe: no database at ${db}; create it with \`kaohe db init\` (or give --db)\n`]);
    const zh = kaohe(['--lang', 'zh', ...args], { KAOHE_DB: db, KAOHE_NOW: '2026-11-01 10:00' });
    expect([zh.code, zh.stderr]).toEqual([5, `kaohe: ${db} 没有数据库；请先运行 \`kaohe db init\`（或用 --db 指定）\n`]);
    expect(existsSync(top)).toBe(false);
  });

  it('after `kaohe db init` the same command works', () => {
    const db = join(tempDir(), 'kaohe.db');
    expect(kaohe(['db', 'init'], { KAOHE_DB: db }).code).toBe(0);
    expect(kaohe(['letter', 'log', '--channel', 'phone', '--from', '王强', '--subject', '发票'], { KAOHE_DB: db, KAOHE_NOW: '2026-11-01 10:00' }).code).toBe(0);
  });
});
