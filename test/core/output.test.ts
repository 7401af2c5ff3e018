// One value, three renderings: tables that line up in Chinese, one JSON document, and CSV that
// Excel opens safely (BOM + CRLF, RFC 4180 quoting, no formula injection).
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { checkReport, emitChecks } from '../../src/core/checks.js';
import { csvSafe, displayWidth, emit, emitRecord, formatRate, LONG_TABLE, plainTable, rate, renderCsv, renderTable, type TableView } from '../../src/core/output.js';
import { at, testContext } from '../helpers.js';

const view: TableView = {
  columns: [
    { key: 'name', label: '姓名' },
    { key: 'site', label: 'site 站点' },
    { key: 'points', label: 'points', align: 'right' },
  ],
  rows: [
    { name: '张伟', site: '哈尔滨服务站', points: 9 },
    { name: 'Li Na 李娜', site: 'Block B（北区）', points: 12 },
    { name: 'ＡＢＣ全角', site: 'ﾊﾝｶｸ half-width', points: 0 },
    { name: 'Wang', site: null, points: 100 },
  ],
};

describe('tables line up with Chinese, mixed and full-width text', () => {
  it('every rendered line has the same display width', () => {
    const { ctx } = testContext();
    const lines = renderTable(ctx, view).split('\n');
    expect(lines.length).toBe(7); // top, head, four rows (no rules between them), bottom
    expect(lines.map((l) => stringWidth(l))).toEqual(Array(7).fill(stringWidth(lines[0])));
    // padding by string length instead of display width would make these lines shorter on screen
    const fullWidth = lines.find((l) => l.includes('ＡＢＣ全角'))!;
    expect(fullWidth.length).toBeLessThan(stringWidth(fullWidth));
    expect(lines[1]).toContain('姓名');
  });

  it('the same in a table of only Chinese, with title and notes outside the box', () => {
    const { ctx } = testContext({ lang: 'zh' });
    const text = renderTable(ctx, {
      title: '十月保安扣分',
      columns: [
        { key: 'a', label: '队员' },
        { key: 'b', label: '原因' },
      ],
      rows: [
        { a: '张三', b: '上岗时间看书报、听收音机' },
        { a: '欧阳小明', b: '脱岗' },
      ],
      notes: ['合计:2 人'],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('十月保安扣分');
    expect(lines[lines.length - 1]).toBe('合计:2 人');
    const box = lines.slice(1, -1);
    expect(new Set(box.map((l) => stringWidth(l))).size).toBe(1);
  });

  it('empty cells show a dash, booleans a mark, and an empty table its message', () => {
    const { ctx } = testContext();
    const text = renderTable(ctx, { columns: [{ key: 'a', label: 'a' }, { key: 'b', label: 'b' }], rows: [{ a: null, b: true }] });
    expect(text).toMatch(/│ — +│ ✓ +│/);
    expect(renderTable(ctx, { columns: [{ key: 'a', label: 'a' }], rows: [], empty: 'nothing' })).toBe('nothing');
  });

  it('a long table (ticket list of a busy month) renders in linear time, with the same look', () => {
    const { ctx } = testContext();
    const mixed: TableView = {
      columns: [...view.columns, { key: 'note', label: '备注', align: 'center' }],
      rows: view.rows.map((r, i) => ({ ...r, note: i === 1 ? '两行\nsecond line' : '中' })),
    };
    const cells = (v: TableView) => v.rows.map((r) => v.columns.map((c) => (r[c.key] === null ? '—' : String(r[c.key]))));
    expect(plainTable(mixed.columns.map((c) => c.label), cells(mixed), mixed.columns.map((c) => c.align))).toBe(renderTable(ctx, mixed));
    const rows = Array.from({ length: 6000 }, (_, i) => ({ name: `张伟${i}`, site: '哈尔滨服务站', points: i }));
    const started = performance.now();
    const text = renderTable(ctx, { columns: view.columns, rows });
    expect(performance.now() - started).toBeLessThan(2500); // cli-table3 alone took ~10 s here
    expect(text.split('\n').length).toBe(6003);
    expect(rows.length).toBeGreaterThan(LONG_TABLE);
  });

  it('no colour codes when colour is off', () => {
    const { ctx } = testContext();
    expect(renderTable(ctx, { ...view, title: 'T' })).not.toMatch(/\u001b\[/);
  });
});

describe('CSV', () => {
  const csvView = (cells: unknown[]): TableView => ({
    columns: cells.map((_, i) => ({ key: `c${i}`, label: `列${i}` })),
    rows: [Object.fromEntries(cells.map((v, i) => [`c${i}`, v]))],
  });
  const bodyOf = (cells: unknown[]) => renderCsv(csvView(cells), { excel: false, labels: false }).split('\n').slice(1).join('\n');

  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+86 138', "'+86 138"],
    ['-1+2', "'-1+2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
  ])('a cell starting with %j is escaped against formula injection', (cell, safe) => {
    expect(csvSafe(cell)).toBe(safe);
    expect(bodyOf([cell])).toBe(`${safe}\n`);
  });

  it('a cell starting with CR is escaped and quoted', () => {
    expect(bodyOf(['\r=1'])).toBe(`"'\r=1"\n`);
  });

  it('numbers are not escaped: -5 stays a number', () => {
    expect(bodyOf([-5, 3.5, 'ok'])).toBe('-5,3.5,ok\n');
  });

  it('commas, quotes and line breaks are quoted as RFC 4180 says', () => {
    expect(bodyOf(['a,b', 'say "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\nx', 'plain 中文'])).toBe(
      '"a,b","say ""hi""","two\nlines","cr\ronly","crlf\r\nx",plain 中文\n',
    );
  });

  it('--excel: a UTF-8 BOM, CRLF between records, translated headers, and a bare LF inside a cell still quoted', () => {
    const text = renderCsv(csvView(['two\nlines', '张伟']), { excel: true, labels: true });
    expect(text).toBe('\ufeff列0,列1\r\n"two\nlines",张伟\r\n');
  });

  it('without --excel: no BOM, LF and snake_case keys', () => {
    expect(renderCsv(csvView(['x']), { excel: false, labels: false })).toBe('c0\nx\n');
  });

  it('null is empty, booleans are words, lists are joined and objects are JSON', () => {
    expect(bodyOf([null, undefined, true, false, ['a', 'b'], { k: 1 }])).toBe(',,true,false,a; b,"{""k"":1}"\n');
  });

  it('emit writes the first table as CSV, or refuses (exit 2) when there is none', () => {
    const tc = testContext({ format: 'csv' });
    emit(tc.ctx, { json: {}, tables: [view] });
    expect(tc.out().split('\n')[0]).toBe('name,site,points');
    expect(tc.out().split('\n')[1]).toBe('张伟,哈尔滨服务站,9');
    expect(() => emit(tc.ctx, { json: {} })).toThrow(expect.objectContaining({ exitCode: 2, key: 'output.no_csv', params: { field: '--csv' } }));
  });
});

describe('JSON', () => {
  it('--json is exactly one JSON document', () => {
    const tc = testContext({ format: 'json' });
    emit(tc.ctx, { json: { a: 1, name: '张伟' }, tables: [view], text: 'people text' });
    expect(JSON.parse(tc.out())).toEqual({ a: 1, name: '张伟' });
    expect(tc.out()).not.toContain('people text');
  });

  it('emitRecord prints the record for --json and the line for people', () => {
    const json = testContext({ format: 'json' });
    emitRecord(json.ctx, { id: 'T2026-0001' }, 'opened T2026-0001');
    expect(JSON.parse(json.out())).toEqual({ id: 'T2026-0001' });
    const human = testContext();
    emitRecord(human.ctx, { id: 'T2026-0001' }, 'opened T2026-0001');
    expect(human.out()).toBe('opened T2026-0001\n');
  });
});

describe('rates', () => {
  it('an empty denominator is null, never 0 or 100 %', () => {
    expect(rate(0, 0)).toBeNull();
    expect(formatRate(null)).toBe('—');
  });
  it('a fraction with four decimals, shown as a percentage', () => {
    expect(rate(33, 36)).toBe(0.9167);
    expect(formatRate(0.9167)).toBe('91.7%');
    expect(formatRate(1)).toBe('100.0%');
  });
});

describe('checks', () => {
  const items = [
    { kind: 'ticket', id: 'T2026-0002', what: 'response', due: at('2026-11-01 12:00'), overdue: false },
    { kind: 'letter', id: 'L2026-0001', what: 'reply', due: at('2026-10-30 09:00'), overdue: true, detail: '张伟' },
    { kind: 'guard', id: 'G2026-0001', what: 'signature', due: null, overdue: true },
  ];

  it('--json is {as_of, items, overdue, due_soon} with ISO instants, overdue first', () => {
    const tc = testContext({ format: 'json' });
    expect(emitChecks(tc.ctx, items)).toBe(1);
    const doc = JSON.parse(tc.out());
    expect(Object.keys(doc)).toEqual(['as_of', 'items', 'overdue', 'due_soon']);
    expect(doc.as_of).toBe('2026-11-01T10:00:00+08:00');
    expect(doc.overdue).toBe(2);
    expect(doc.due_soon).toBe(1);
    expect(doc.items).toEqual([
      { kind: 'guard', id: 'G2026-0001', what: 'signature', due: null, overdue: true },
      { kind: 'letter', id: 'L2026-0001', what: 'reply', due: '2026-10-30T09:00:00+08:00', overdue: true, detail: '张伟' },
      { kind: 'ticket', id: 'T2026-0002', what: 'response', due: '2026-11-01T12:00:00+08:00', overdue: false },
    ]);
  });

  it('exit 0 when nothing is overdue; nothing due prints nothing for cron, one line at a terminal', () => {
    const tc = testContext();
    expect(emitChecks(tc.ctx, [items[0]])).toBe(0);
    const empty = testContext();
    expect(emitChecks(empty.ctx, [])).toBe(0);
    expect(empty.out()).toBe('');
    const tty = testContext();
    tty.ctx.io.stdoutTTY = true;
    expect(emitChecks(tty.ctx, [])).toBe(0);
    expect(tty.out()).toBe('as of 2026-11-01 10:00: nothing overdue or due soon\n');
    expect(checkReport(empty.ctx, [])).toEqual({ as_of: '2026-11-01T10:00:00+08:00', items: [], overdue: 0, due_soon: 0 });
  });

  it('the table shows local times and the summary', () => {
    const tc = testContext();
    emitChecks(tc.ctx, items);
    expect(tc.out()).toContain('2026-10-30 09:00');
    expect(tc.out()).toContain('as of 2026-11-01 10:00: 2 overdue, 1 due soon');
  });

  it('in Chinese the kind column is Chinese too (no `letter` leaking), JSON keeps the key', () => {
    const tc = testContext({ lang: 'zh' });
    emitChecks(tc.ctx, items);
    expect(tc.out()).toContain('来电来函');
    expect(tc.out()).toContain('服务单');
    expect(tc.out()).not.toMatch(/\b(letter|ticket|guard)\b/);
    const js = testContext({ lang: 'zh', format: 'json' });
    emitChecks(js.ctx, items);
    expect(JSON.parse(js.out()).items.map((i: { kind: string }) => i.kind)).toEqual(['guard', 'letter', 'ticket']);
  });
});

describe('displayWidth, for text documents (no Intl.Segmenter at start-up)', () => {
  it.each([
    ['abc', 3],
    ['服务报告', 8],
    ['客户: 齐齐哈尔公交公司', 22],
    ['ＡＢ，', 6],
    ['\u001b[1m粗体\u001b[22m', 4],
    ['e\u0301', 1],
  ])('%s is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
    expect(displayWidth(text)).toBe(stringWidth(text));
  });
});
