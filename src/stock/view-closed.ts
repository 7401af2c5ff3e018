// How the stock report and monthly section show what a month counts "from earlier months"
// (往月补录, SPEC §0 closed months): each slip, void and write-off with its own date.
import type { Context } from '../core/context.js';
import { isoOrNull } from '../core/time.js';
import type { FromEarlier } from './closed.js';

const day = (ctx: Context, at: number | null) => isoOrNull(at, ctx.tz)?.slice(0, 10) ?? '';

export function earlierJson(ctx: Context, e: FromEarlier): Record<string, unknown> {
  const slip = (s: FromEarlier['slips'][number]) => ({ id: s.id, kind: s.kind, part: s.part, qty: s.qty, dated: isoOrNull(s.at, ctx.tz) });
  return {
    slips: e.slips.map(slip),
    voids: e.voids.map(slip),
    written_off: e.writtenOff.map((r) => ({ id: r.id, part: r.part, qty: r.issued, dated: isoOrNull(r.writtenOffAt, ctx.tz) })),
  };
}

/** One line: `S2026-0012 领料出库 P-1001 ×2 (2026-10-20); 作废 S2026-0003 (2026-10-02); 销帐 Q2026-0004 (2026-10-30)`. */
export function earlierLine(ctx: Context, e: FromEarlier): string {
  return [
    ...e.slips.map((s) => `${s.id} ${ctx.t(`stock.kind.${s.kind}`)} ${s.part} ×${s.qty} (${day(ctx, s.at)})`),
    ...e.voids.map((s) => ctx.t('stock.closed.void', { id: s.id, date: day(ctx, s.at) })),
    ...e.writtenOff.map((r) => ctx.t('stock.closed.written_off', { id: r.id, date: day(ctx, r.writtenOffAt) })),
  ].join('; ');
}
