// Terminal control characters (ESC, BEL, other C0, DEL, C1) in text: refused at input with exit 2
// naming the flag (line breaks and tabs only in long fields), and shown escaped (\x1b) wherever
// text reaches a terminal — tables, long tables, messages — when an older file already holds them.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditCount } from '../../src/core/audit.js';
import { t } from '../../src/core/i18n.js';
import { cleanText, optionalText, requireText, textList } from '../../src/core/input.js';
import { renderTable } from '../../src/core/output.js';
import { escapeControls, escapeExceptColour } from '../../src/core/text.js';
import { addGuard, deduct } from '../../src/guard/service.js';
import { logLetter } from '../../src/letter/service.js';
import { dispatchTicket, voidTicket } from '../../src/ticket/service.js';
import { openTicket } from '../../src/ticket/service-open.js';
import { kaohe, testContext } from '../helpers.js';

const BAD: Array<[string, string]> = [
  ['ESC', '\u001b[2J'],
  ['BEL', '\u0007'],
  ['NUL', '\u0000'],
  ['backspace', '\b'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009b31m'],
];

describe('text fields refuse control characters (exit 2 naming the flag)', () => {
  it.each(BAD)('%s in a one-line or a long field', (_name, junk) => {
    for (const kind of ['line', 'long'] as const) {
      expect(() => requireText(`张${junk}伟`, '--from', kind)).toThrow(expect.objectContaining({ exitCode: 2, key: 'input.control', params: { field: '--from', char: escapeControls(junk[0], '') } }));
      expect(() => optionalText(`a${junk}`, '--note', kind)).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--note' }) }));
    }
    expect(() => textList(['张伟', `李${junk}`], '--to')).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--to' }) }));
  });

  it('line breaks and tabs: refused in a one-line field, kept in a long one (CRLF becomes LF)', () => {
    for (const ws of ['\n', '\t', '\r']) expect(() => requireText(`张${ws}伟`, '--customer')).toThrow(expect.objectContaining({ exitCode: 2, key: 'input.control' }));
    expect(requireText('  第一行\r\n第二行\t备注  ', '--desc', 'long')).toBe('第一行\n第二行\t备注');
    expect(() => requireText('a\rb', '--desc', 'long')).toThrow(expect.objectContaining({ key: 'input.control', params: { field: '--desc', char: '\\x0d' } }));
    expect(cleanText('普通文字 plain', '--x')).toBe('普通文字 plain');
    expect(optionalText('   ', '--x')).toBeNull();
  });

  it('the message names the flag and the character, in both languages', () => {
    expect(t('en', 'input.control', { field: '--from', char: '\\x1b' })).toBe('--from must not contain control characters (found \\x1b); type plain text');
    expect(t('zh', 'input.control', { field: '--from', char: '\\x1b' })).toBe('--from 不能包含控制字符（发现 \\x1b）；请输入普通文字');
  });
});

describe('every module routes its text through the checks: nothing written', () => {
  const ESC = '\u001b]0;owned\u0007';
  it.each([
    ['letter log --from', (ctx: any) => logLetter(ctx, { channel: 'phone', from: `王${ESC}`, subject: '发票' }), '--from'],
    ['letter log --content', (ctx: any) => logLetter(ctx, { channel: 'phone', from: '王强', subject: '发票', content: `x${ESC}` }), '--content'],
    ['ticket open --customer', (ctx: any) => openTicket(ctx, { customer: `公交${ESC}`, phone: '13800138000', vehicle: '黑A·1', fault: 'body', distance: '5' }), '--customer'],
    ['ticket open --desc', (ctx: any) => openTicket(ctx, { customer: '公交', phone: '13800138000', vehicle: '黑A·1', fault: 'body', distance: '5', desc: `刹车${ESC}` }), '--desc'],
    ['ticket open --address (a line break)', (ctx: any) => openTicket(ctx, { customer: '公交', phone: '13800138000', vehicle: '黑A·1', fault: 'body', distance: '5', address: '一路\n二号' }), '--address'],
    ['guard add --name', (ctx: any) => addGuard(ctx, { name: `张${ESC}`, company: '齐铁保安', site: '龙华', basePay: '3000' }), '--name'],
  ])('%s', (_name, run, field) => {
    const { ctx } = testContext();
    expect(() => run(ctx)).toThrow(expect.objectContaining({ exitCode: 2, key: 'input.control', params: expect.objectContaining({ field }) }));
    expect(auditCount(ctx.db())).toBe(0);
  });

  it('ticket dispatch --to, ticket void --reason and guard deduct --note too', () => {
    const { ctx } = testContext();
    const ticket = openTicket(ctx, { customer: '公交', phone: '13800138000', vehicle: '黑A·1', fault: 'body', distance: '5', desc: '第一行\n第二行' });
    expect(ticket.description).toBe('第一行\n第二行');
    const rows = auditCount(ctx.db());
    expect(() => dispatchTicket(ctx, ticket.id, { to: ['张伟', '李\u0007'] })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--to' }) }));
    expect(() => voidTicket(ctx, ticket.id, { reason: '录错\u001b[1m' })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--reason' }) }));
    addGuard(ctx, { name: '张伟', company: '齐铁保安', site: '龙华', basePay: '3000', hired: '2026-01-01' });
    expect(() => deduct(ctx, { guards: ['张伟'], rule: '1', inspector: '李主管', note: '迟到\u009b2J' })).toThrow(expect.objectContaining({ exitCode: 2, params: expect.objectContaining({ field: '--note' }) }));
    expect(auditCount(ctx.db())).toBe(rows + 1);
  });
});

describe('control characters already stored are shown escaped, never raw', () => {
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  it('in a table, a long table (plain renderer) and a message; our own colours stay', () => {
    const { ctx } = testContext();
    const rows = Array.from({ length: 3 }, (_, i) => ({ name: `张\u001b[2J伟${i}`, note: '响铃\u0007', list: ['a\u009bb'] }));
    const columns = [{ key: 'name', label: 'name' }, { key: 'note', label: 'note', show: (v: unknown) => `<${String(v)}>` }, { key: 'list', label: 'list' }];
    for (const n of [3, 250]) {
      const text = renderTable(ctx, { columns, rows: Array.from({ length: n }, (_, i) => rows[i % 3]) });
      expect(text).not.toMatch(RAW);
      expect(text).toContain('张\\x1b[2J伟0');
      expect(text).toContain('<响铃\\x07>');
      expect(text).toContain('a\\x9bb');
    }
    expect(t('en', 'db.missing', { path: '/tmp/\u001b]0;x\u0007.db' })).toBe('no database at /tmp/\\x1b]0;x\\x07.db; create it with `kaohe db init` (or give --db)');
    expect(escapeExceptColour('\u001b[31mred\u001b[39m \u001b[2J')).toBe('\u001b[31mred\u001b[39m \\x1b[2J');
  });

  it('end to end: a name written behind the tool\'s back is escaped in `letter list` and `letter show`, and JSON stays JSON', () => {
    const { ctx } = testContext();
    const letter = logLetter(ctx, { channel: 'phone', from: '王强', subject: '发票' });
    ctx.close();
    const raw = new Database(ctx.dbPath);
    raw.prepare('UPDATE letters SET from_name = ?, subject = ? WHERE id = ?').run('王\u001b]0;pwned\u0007强', '发票\u001b[2J', letter.id);
    raw.close();
    const env = { KAOHE_DB: ctx.dbPath, KAOHE_NOW: '2026-11-01 12:00' };
    for (const args of [['letter', 'list', '--month', '2026-11'], ['letter', 'show', letter.id], ['--lang', 'zh', 'letter', 'list', '--month', '2026-11']]) {
      const r = kaohe(args, env);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toContain('王\\x1b]0;pwned\\x07强');
    }
    const j = kaohe(['letter', 'show', letter.id, '--json'], env);
    expect(j.stdout).not.toMatch(RAW);
    expect(JSON.stringify(j.json())).toContain('王\\u001b]0;pwned\\u0007强');
  });

  it('--as with a control character is exit 2 naming it; nothing written', () => {
    const { ctx } = testContext();
    ctx.close();
    const r = kaohe(['--as', '李\u001b[8m', 'letter', 'log', '--channel', 'phone', '--from', '王强', '--subject', '发票'], { KAOHE_DB: ctx.dbPath, KAOHE_NOW: '2026-11-01 10:00' });
    expect([r.code, r.stderr]).toEqual([2, 'kaohe: --as must not contain control characters (found \\x1b); type plain text\n']);
    const raw = new Database(ctx.dbPath, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 0 });
    raw.close();
  });
});
