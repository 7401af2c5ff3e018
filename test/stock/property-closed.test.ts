// SPEC §0 closed months with §3's promise, for any history: movements (receipts, transfers,
// stocktakes, voids) dated over September–November and entered in random order after December 1,
// with the months closed one by one in between. A movement or void dated in a month closed when it
// is entered counts from the first open month: it is accepted exactly when no running balance
// would go below zero from that moment on (and it crosses no stocktake at its own date); the books
// equal the sums, no running balance is ever negative, and a closed month's end balances as of its
// closing are its end balances forever.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeMonths } from '../../src/core/closing.js';
import { KaoheError } from '../../src/core/errors.js';
import { monthPeriod } from '../../src/core/period.js';
import * as svc from '../../src/stock/service.js';
import * as rs from '../../src/stock/store-report.js';
import { at as instant, testContext } from '../helpers.js';

const LOCS = ['main', 'station:A'] as const;
type Loc = (typeof LOCS)[number];
const MONTHS = ['2026-09', '2026-10', '2026-11'] as const;

type Op =
  | { kind: 'receive'; to: Loc; qty: number; month: number; day: number }
  | { kind: 'transfer'; from: Loc; to: Loc; qty: number; month: number; day: number }
  | { kind: 'count'; loc: Loc; counted: number; month: number; day: number }
  | { kind: 'void'; pick: number; month: number; day: number }
  | { kind: 'close'; month: number; day: number };

const when = { month: fc.integer({ min: 0, max: 2 }), day: fc.integer({ min: 1, max: 28 }) };
const loc = fc.constantFrom(...LOCS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('receive' as const), to: loc, qty: fc.integer({ min: 1, max: 6 }), ...when }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: loc, to: loc, qty: fc.integer({ min: 1, max: 6 }), ...when }).filter((o) => o.from !== o.to) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('count' as const), loc, counted: fc.integer({ min: 0, max: 8 }), ...when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat(), ...when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), ...when }) },
);

const TZ = 'Asia/Shanghai';
const dateOf = (o: Op) => `${MONTHS[o.month]}-${String(o.day).padStart(2, '0')} 10:00`;
const start = (month: string) => monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5)), TZ).start;
const end = (month: string) => monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5)), TZ).end;

class Model {
  moves: Array<{ loc: string; at: number; qty: number; seq: number }> = [];
  counts = new Map<string, number>();
  closedThrough = -1; // index into MONTHS
  private seq = 0;

  /** Where an entry dated `at` counts: its own moment, or the first open month's start. */
  effective(at: number): number {
    const own = MONTHS.findIndex((m) => at >= start(m) && at < end(m));
    if (own > this.closedThrough) return at;
    return this.closedThrough + 1 < MONTHS.length ? start(MONTHS[this.closedThrough + 1]) : end(MONTHS[MONTHS.length - 1]);
  }

  balanceAt(loc: string, at: number): number {
    return this.moves.filter((m) => m.loc === loc && m.at <= at).reduce((s, m) => s + m.qty, 0);
  }

  fits(moves: Array<{ loc: string; qty: number }>, dated: number): boolean {
    const at = this.effective(dated);
    for (const m of moves) {
      if ((this.counts.get(m.loc) ?? -Infinity) > dated) return false;
      const list = [...this.moves.filter((x) => x.loc === m.loc), { loc: m.loc, at, qty: m.qty, seq: Infinity }].sort((a, b) => a.at - b.at || a.seq - b.seq);
      let run = 0;
      for (const x of list) if ((run += x.qty) < 0) return false;
    }
    return true;
  }

  add(moves: Array<{ loc: string; qty: number }>, dated: number): void {
    const at = this.effective(dated);
    for (const m of moves) this.moves.push({ loc: m.loc, at, qty: m.qty, seq: this.seq++ });
  }
}

function attempt(fn: () => unknown): KaoheError | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof KaoheError)) throw e;
    return e;
  }
}

describe('stock movements into closed months', () => {
  it('count from the first open month; never below zero; a closed month\'s end balances never change', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 16 }), (ops) => {
        let tc = testContext({ now: '2026-12-01 08:00' });
        svc.addPart(tc.ctx, { code: 'P-1', name: '滤清器' });
        const model = new Model();
        const slips: Array<{ id: string; moves: Array<{ loc: string; qty: number; at: number }>; voided: boolean }> = [];
        const frozen = new Map<string, { closedAt: number; sums: string }>();
        const sumsBefore = (db: ReturnType<typeof tc.ctx.db>, month: string, by: number) => JSON.stringify(rs.balancesBefore(db, end(month), by));
        ops.forEach((o, i) => {
          tc = tc.later(`2026-12-01 ${String(9 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`);
          const dated = instant(dateOf(o));
          if (o.kind === 'close') {
            if (o.month <= model.closedThrough) return;
            tc.ctx.write((db) => closeMonths(tc.ctx, db, MONTHS[o.month], ['stock']));
            model.closedThrough = o.month;
            for (let k = 0; k <= o.month; k++) if (!frozen.has(MONTHS[k])) frozen.set(MONTHS[k], { closedAt: tc.ctx.now, sums: sumsBefore(tc.ctx.db(), MONTHS[k], tc.ctx.now) });
            return;
          }
          if (o.kind === 'void') {
            const live = slips.filter((x) => !x.voided);
            if (live.length === 0) return;
            const target = live[o.pick % live.length];
            // each movement is reversed where it counted, or from the first open month
            const reversal = [...target.moves].sort((a, b) => b.qty - a.qty).map((m) => ({ loc: m.loc, qty: -m.qty, at: m.at }));
            const fits = reversal.every((m) => model.fits([m], m.at)) && model.fits(reversal, reversal[0].at);
            const refused = attempt(() => svc.voidSlip(tc.ctx, { id: target.id, reason: '录错' }));
            if (fits) {
              expect(refused).toBeNull();
              model.add(reversal, reversal[0].at);
              target.voided = true;
            } else {
              expect(refused?.exitCode).toBe(3);
            }
            return;
          }
          let moves: Array<{ loc: string; qty: number }>;
          let fits: boolean;
          if (o.kind === 'count') {
            const lineOk = (model.counts.get(o.loc) ?? -Infinity) <= dated;
            const diff = o.counted - model.balanceAt(o.loc, dated);
            moves = diff === 0 ? [] : [{ loc: o.loc, qty: diff }];
            fits = lineOk && model.fits(moves, dated);
          } else {
            moves = o.kind === 'receive' ? [{ loc: o.to, qty: o.qty }] : [{ loc: o.from, qty: -o.qty }, { loc: o.to, qty: o.qty }];
            fits = model.fits(moves, dated);
          }
          let id = '';
          const refused = attempt(() => {
            if (o.kind === 'receive') id = svc.receive(tc.ctx, { part: 'P-1', qty: String(o.qty), to: o.to, at: dateOf(o), reason: '补录' }).result.id;
            else if (o.kind === 'transfer') id = svc.transfer(tc.ctx, { part: 'P-1', qty: String(o.qty), from: o.from, to: o.to, at: dateOf(o), reason: '补录' }).result.id;
            else svc.count(tc.ctx, { part: 'P-1', loc: o.loc, counted: String(o.counted), reason: '盘点', by: '周经理', at: dateOf(o) });
          });
          if (fits) {
            expect(refused).toBeNull();
            const at = model.effective(dated);
            model.add(moves, dated);
            if (o.kind === 'count') model.counts.set(o.loc, dated);
            else slips.push({ id, moves: moves.map((m) => ({ ...m, at })), voided: false });
          } else {
            expect(refused?.exitCode).toBe(3);
            expect(['stock.rule.negative', 'stock.rule.before_count']).toContain(refused?.key);
          }
        });
        const db = tc.ctx.db();
        expect(rs.bookMismatches(db)).toEqual([]);
        expect(rs.negativeRuns(db)).toEqual([]);
        for (const [month, f] of frozen) {
          // what the closed month showed at its closing is what it shows now, with everything entered since
          expect(sumsBefore(db, month, Number.MAX_SAFE_INTEGER)).toBe(f.sums);
        }
        tc.ctx.close();
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
