// A parts store on a test database: one part in the main store and a ticket walked to a stage
// (test/ticket/fixtures.ts), all through the real services.
import { KaoheError } from '../../src/core/errors.js';
import * as svc from '../../src/stock/service.js';
import { testContext, type TestContext } from '../helpers.js';
import { ticketAt, type Stage } from '../ticket/fixtures.js';

/** A store with P-1001 ×5 in `main` (received 2026-09-30) and T2026-0001 at `stage` (its report
 *  names P-1001 ×1; approved on 2026-10-02 10:00). The clock is 2026-10-03 09:00. */
export function store(stage: Stage = 'resolved'): TestContext {
  const tc = testContext({ now: '2026-10-03 08:00' });
  ticketAt(tc.ctx, stage);
  svc.addPart(tc.ctx, { code: 'P-1001', name: '门泵', price: '120', supplier: '宇通配件' });
  svc.receive(tc.ctx, { part: 'P-1001', qty: '5', at: '2026-09-30 10:00', doc: 'FP-1', by: '赵库管', reason: '补录' });
  return tc.later('2026-10-03 09:00');
}

/** The exit code and key of what `fn` throws (or 0 and '' when it does not). */
export function refusal(fn: () => unknown): { code: number; key: string; params: Record<string, unknown> } {
  try {
    fn();
    return { code: 0, key: '', params: {} };
  } catch (e) {
    if (e instanceof KaoheError) return { code: e.exitCode, key: e.key, params: e.params };
    throw e;
  }
}
