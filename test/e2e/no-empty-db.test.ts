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
