// SPEC §3's promise, for any history: movements (receipts, transfers, stocktakes, voids), most of them
// back-dated and entered in random order, are accepted exactly when no location's running
// balance would ever go below zero and none crosses a stocktake; afterwards the stored balances
// equal the sums of the movements and no running balance is negative at any moment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KaoheError } from '../../src/core/errors.js';
import { balances } from '../../src/stock/report.js';
import * as svc from '../../src/stock/service.js';
import * as st from '../../src/stock/store.js';
import * as rs from '../../src/stock/store-report.js';
import { at as instant, testContext } from '../helpers.js';

const LOCS = ['main', 'station:A', 'station:B'] as const;
type Loc = (typeof LOCS)[number];

type Op =
  | { kind: 'receive'; to: Loc; qty: number; day: number; hour: number }
  | { kind: 'transfer'; from: Loc; to: Loc; qty: number; day: number; hour: number }
  | { kind: 'count'; loc: Loc; counted: number; day: number; hour: number }
  | { kind: 'void'; pick: number; day: number; hour: number };

const when = { day: fc.integer({ min: 1, max: 28 }), hour: fc.integer({ min: 8, max: 18 }) };
const loc = fc.constantFrom(...LOCS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('receive' as const), to: loc, qty: fc.integer({ min: 1, max: 6 }), ...when }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: loc, to: loc, qty: fc.integer({ min: 1, max: 6 }), ...when }).filter((o) => o.from !== o.to) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('count' as const), loc, counted: fc.integer({ min: 0, max: 8 }), ...when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat(), ...when }) },
);

const atOf = (o: Op) => `2026-10-${String(o.day).padStart(2, '0')} ${String(o.hour).padStart(2, '0')}:00`;

/** The model: every accepted movement, and the latest stocktake per location. */
class Model {
  moves: Array<{ loc: string; at: number; qty: number; seq: number }> = [];
  counts = new Map<string, number>();
  private seq = 0;

  balanceAt(loc: string, at: number): number {
    return this.moves.filter((m) => m.loc === loc && m.at <= at).reduce((s, m) => s + m.qty, 0);
  }

  /** Can these movements at `at` be added? (a stocktake line, then the running balance) */
  fits(moves: Array<{ loc: string; qty: number }>, at: number): boolean {
    for (const m of moves) {
      if ((this.counts.get(m.loc) ?? -Infinity) > at) return false;
      const list = [...this.moves.filter((x) => x.loc === m.loc), { loc: m.loc, at, qty: m.qty, seq: Infinity }].sort((a, b) => a.at - b.at || a.seq - b.seq);
      let run = 0;
      for (const x of list) if ((run += x.qty) < 0) return false;
    }
    return true;
  }

  add(moves: Array<{ loc: string; qty: number }>, at: number): void {
    for (const m of moves) this.moves.push({ loc: m.loc, at, qty: m.qty, seq: this.seq++ });
  }

  total(loc: string): number {
    return this.moves.filter((m) => m.loc === loc).reduce((s, m) => s + m.qty, 0);
  }
}

describe('stock movements, whatever order they are entered in', () => {
  it('are accepted exactly when no balance ever goes below zero; books equal the sums', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 18 }), (ops) => {
        let tc = testContext({ now: '2026-11-01 08:00' });
        svc.addPart(tc.ctx, { code: 'P-1', name: '滤清器' });
        const model = new Model();
        const slips: Array<{ id: string; at: number; moves: Array<{ loc: string; qty: number }>; voided: boolean }> = [];
        ops.forEach((o, i) => {
          tc = tc.later(`2026-11-01 ${String(9 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`);
          const at = instant(atOf(o));
          let moves: Array<{ loc: string; qty: number }>;
          let fits: boolean;
          if (o.kind === 'void') {
            // a void of an earlier receipt or transfer: its movements reversed at their own time
            const live = slips.filter((x) => !x.voided);
            if (live.length === 0) return;
            const target = live[o.pick % live.length];
            const reversal = [...target.moves].sort((a, b) => b.qty - a.qty).map((m) => ({ loc: m.loc, qty: -m.qty }));
            const fits = model.fits(reversal, target.at);
            let refused: KaoheError | null = null;
            try {
              svc.voidSlip(tc.ctx, { id: target.id, reason: '录错' });
            } catch (e) {
              if (!(e instanceof KaoheError)) throw e;
              refused = e;
            }
            if (fits) {
              expect(refused).toBeNull();
              model.add(reversal, target.at);
              target.voided = true;
            } else {
              expect(refused?.exitCode).toBe(3);
              expect(['stock.rule.negative', 'stock.rule.before_count']).toContain(refused?.key);
            }
            return;
          }
          if (o.kind === 'count') {
            const lineOk = (model.counts.get(o.loc) ?? -Infinity) <= at;
            const diff = o.counted - model.balanceAt(o.loc, at);
            moves = diff === 0 ? [] : [{ loc: o.loc, qty: diff }];
            fits = lineOk && model.fits(moves, at);
          } else {
            moves = o.kind === 'receive' ? [{ loc: o.to, qty: o.qty }] : [{ loc: o.from, qty: -o.qty }, { loc: o.to, qty: o.qty }];
            fits = model.fits(moves, at);
          }
          let refused: KaoheError | null = null;
          let slipId = '';
          try {
            if (o.kind === 'receive') slipId = svc.receive(tc.ctx, { part: 'P-1', qty: String(o.qty), to: o.to, at: atOf(o), reason: '补录' }).result.id;
            else if (o.kind === 'transfer') slipId = svc.transfer(tc.ctx, { part: 'P-1', qty: String(o.qty), from: o.from, to: o.to, at: atOf(o), reason: '补录' }).result.id;
            else svc.count(tc.ctx, { part: 'P-1', loc: o.loc, counted: String(o.counted), reason: '盘点', by: '周经理', at: atOf(o) });
          } catch (e) {
            if (!(e instanceof KaoheError)) throw e;
            refused = e;
          }
          if (fits) {
            expect(refused).toBeNull();
            model.add(moves, at);
            if (o.kind === 'count') model.counts.set(o.loc, at);
            else slips.push({ id: slipId, at, moves, voided: false });
          } else {
            expect(refused?.exitCode).toBe(3);
            expect(['stock.rule.negative', 'stock.rule.before_count']).toContain(refused?.key);
          }
        });
        const db = tc.ctx.db();
        expect(rs.bookMismatches(db)).toEqual([]);
        expect(rs.negativeRuns(db)).toEqual([]);
        const shown = Object.fromEntries(balances(tc.ctx, db, { part: 'P-1' }).map((b) => [b.loc, b.qty]));
        for (const l of LOCS) expect(shown[l] ?? 0).toBe(model.total(l));
        tc.ctx.close();
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
