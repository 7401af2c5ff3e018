// A list written as it is read (output-stream.ts) must be the very bytes emit writes for the
// whole list: JSON, CSV (and --excel), and the table to a pipe, over awkward cells.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Context, type Format } from '../../src/core/context.js';
import { emit, type Column } from '../../src/core/output.js';
import { emitList, type ListOutput } from '../../src/core/output-stream.js';
import { defaultRulesPath } from '../../src/core/rules.js';
import { at, tempDir, TZ } from '../helpers.js';

interface Row { id: string; name: string; n: number | null; tags: string[]; note: string; ok: boolean | null; at: number; st: string }

const NAMES = ['哈尔滨公交', 'plain', 'two\nlines', 'tab\there', '', 'emoji 🚌 宽', '=SUM(A1)', 'quote "q", comma'];

function rowsOf(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ id: `T${i}`, name: NAMES[i % NAMES.length], n: i % 3 === 0 ? null : i * 1.5, tags: i % 2 ? ['a', 'b'] : [], note: `\u0007bell ${i}`, ok: i % 5 === 0 ? null : i % 2 === 0, at: Date.UTC(2026, 9, 1) + i * 3_600_000, st: i % 3 ? 'open' : 'void' }));
}

function ctxOf(format: Format, excel = false): { ctx: Context; out: () => string } {
  let out = '';
  const ctx = new Context({
    env: {},
    io: { out: (s) => void (out += s), err: () => undefined, stdoutTTY: false, stderrTTY: false, stdinTTY: false },
    lang: 'zh', tz: TZ, now: at('2026-11-01 10:00'), actor: 'tester', dbPath: join(tempDir(), 'none.db'), rulesPath: defaultRulesPath(),
    format, excel, color: false, noInput: true,
  });
  return { ctx, out: () => out };
}

const columns: Column[] = [
  { key: 'id', label: '编号' },
  { key: 'name', label: 'Name 名称' },
  { key: 'n', label: 'n', align: 'right', show: (v) => (v === null ? '—' : String(v)) },
  { key: 'tags', label: 'tags', align: 'center' },
  { key: 'note', label: 'note' },
  // the typed paths of cellText (no `show`): yes/no, an instant, an enum's words
  { key: 'ok', label: '是否' },
  { key: 'at', label: 'at', type: 'instant' },
  { key: 'st', label: '状态', words: 'ticket.status.' },
];

function list(rows: Row[]): ListOutput<Row> {
  return {
    rows: () => rows,
    json: { doc: { scope: 'period', period: { from: '2026-10-01' }, tickets: null, after: [1, { x: 'y' }] }, key: 'tickets', item: (r) => ({ ...r, nested: { tags: r.tags } }) },
    table: { title: (n) => `列表 ${n} 条`, columns, row: (r) => ({ ...r }), empty: '（无）' },
    csv: { columns: columns.map((c) => ({ key: c.key, label: c.label })), row: (r) => ({ ...r, n: r.n === null ? null : r.n * 2 }) },
  };
}

function whole(ctx: Context, l: ListOutput<Row>): void {
  const rows = [...l.rows()];
  emit(ctx, {
    json: ctx.format !== 'json' ? null : { ...l.json.doc, [l.json.key]: rows.map(l.json.item) },
    tables: [{ title: l.table.title(rows.length), columns: l.table.columns, rows: rows.map(l.table.row), empty: l.table.empty }],
    csv: ctx.format === 'csv' ? { columns: l.csv.columns, rows: rows.map(l.csv.row) } : undefined,
  });
}

describe('a list written as it is read', () => {
  // --json items are stringified in batches; an item that is not an object goes alone
  for (const n of [1, 63, 64, 65, 200]) {
    it(`json items of every kind, ${n} rows: the same bytes as the whole list`, () => {
      const odd = (r: Row, i: number): unknown => [r, null, 3, 'text', [1, [2, {}]], {}, [], { a: [] }][i % 8];
      const mixed = (): ListOutput<Row> => {
        let i = 0;
        const l = list(rowsOf(n));
        return { ...l, json: { ...l.json, item: (r) => odd(r, i++) } };
      };
      const a = ctxOf('json');
      const b = ctxOf('json');
      whole(a.ctx, mixed());
      emitList(b.ctx, mixed());
      expect(b.out()).toBe(a.out());
      expect(JSON.parse(b.out()).tickets).toHaveLength(n);
    });
  }
  for (const n of [0, 1, 7, 250, 4_321]) {
    for (const [format, excel] of [['json', false], ['csv', false], ['csv', true], ['table', false]] as Array<[Format, boolean]>) {
      it(`${format}${excel ? ' --excel' : ''}, ${n} rows: the same bytes as the whole list`, () => {
        const a = ctxOf(format, excel);
        const b = ctxOf(format, excel);
        whole(a.ctx, list(rowsOf(n)));
        emitList(b.ctx, list(rowsOf(n)));
        expect(a.out().length).toBeGreaterThan(0);
        expect(b.out()).toBe(a.out());
      });
    }
  }
});
