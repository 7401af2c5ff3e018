// The shape every deadline check shares (CLI.md): {as_of, items, overdue, due_soon}, rendered
// one way for `kaohe check` and for each module's own `check`. Exit 1 when anything is overdue.
import type { CheckItem } from './cli.js';
import type { Context } from './context.js';
import { emit, style } from './output.js';
import { humanTime, isoInZone, isoOrNull, parseDuration } from './time.js';

export interface CheckReport {
  as_of: string;
  items: Array<{ kind: string; id: string; what: string; due: string | null; overdue: boolean; detail?: string }>;
  overdue: number;
  due_soon: number;
}

/** Ids of digits, capital letters and hyphens (T2026-00001, GD001, 2026-10): ICU orders them as
 *  their code units, in the root, en and zh collations alike. */
const PLAIN_ID = /^[0-9A-Z-]*$/;

/** Two items' ids in the order localeCompare gives them in the root, en and zh collations (a
 *  locale that sorts letters otherwise, hu or lt, no longer changes plain ids' order: the same
 *  everywhere). Plain ids are compared directly: the
 *  first localeCompare of a process loads ICU's collation data, which cost `kaohe check` ~10 %
 *  once two items fell due at the same moment (ISSUE 14); names (2026Q4/冯涛) still go to ICU. */
export function compareIds(a: string, b: string): number {
  if (PLAIN_ID.test(a) && PLAIN_ID.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

export function checkReport(ctx: Context, items: CheckItem[]): CheckReport {
  const sorted = [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? 0) - (b.due ?? 0) || compareIds(a.id, b.id));
  return {
    as_of: isoInZone(ctx.now, ctx.tz),
    items: sorted.map((i) => ({ kind: i.kind, id: i.id, what: i.what, due: isoOrNull(i.due, ctx.tz), overdue: i.overdue, ...(i.detail ? { detail: i.detail } : {}) })),
    overdue: sorted.filter((i) => i.overdue).length,
    due_soon: sorted.filter((i) => !i.overdue).length,
  };
}

/** The --within window of a check command: nothing given = only what is already due. */
export function withinOf(within: string | undefined): number {
  return within === undefined ? 0 : parseDuration(within, '--within');
}

/** Prints the items and returns the exit code: 1 when anything is overdue. */
export function emitChecks(ctx: Context, items: CheckItem[]): number {
  const report = checkReport(ctx, items);
  // nothing due: silence for cron (which mails any output), one line only for a person
  if (report.items.length === 0 && ctx.format === 'table' && !ctx.xlsx && !ctx.io.stdoutTTY) return 0;
  const s = style(ctx);
  const whatLabel = (kind: string, what: string) => {
    const key = `check.what.${kind}.${what}`;
    const text = ctx.t(key);
    return text === key ? what : text;
  };
  // the kind is a key for scripts (JSON/CSV) but a word for people: `letter` must not leak into zh
  const kindLabel = (kind: string) => {
    const key = `check.kind.${kind}`;
    const text = ctx.t(key);
    return text === key ? kind : text;
  };
  emit(ctx, {
    json: report,
    tables: report.items.length
      ? [
          {
            columns: [
              { key: 'kind', label: ctx.t('check.col.kind'), show: (v) => kindLabel(String(v)) },
              { key: 'id', label: ctx.t('check.col.id') },
              { key: 'what', label: ctx.t('check.col.what'), show: (v, row) => (row.detail ? ctx.t('check.detail', { what: whatLabel(String(row.kind), String(v)), detail: String(row.detail) }) : whatLabel(String(row.kind), String(v))) },
              { key: 'due_ms', label: ctx.t('check.col.due'), show: (v) => humanTime(v as number | null, ctx.tz) },
              { key: 'overdue', label: ctx.t('check.col.state'), show: (v) => (v ? s.bad(ctx.t('check.overdue')) : s.warn(ctx.t('check.due_soon'))) },
            ],
            rows: items
              .map((i) => ({ ...i, due_ms: i.due }))
              .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? 0) - (b.due ?? 0)),
          },
        ]
      : [],
    csv: {
      columns: ['kind', 'id', 'what', 'due', 'overdue', 'detail'].map((k) => ({ key: k, label: ctx.t(`check.col.${k === 'overdue' ? 'state' : k}`) })),
      rows: report.items,
    },
    text: report.items.length
      ? ctx.t('check.summary', { as_of: humanTime(ctx.now, ctx.tz), overdue: report.overdue, due_soon: report.due_soon })
      : ctx.t('check.nothing', { as_of: humanTime(ctx.now, ctx.tz) }),
  });
  return report.overdue > 0 ? 1 : 0;
}
