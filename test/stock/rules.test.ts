// The pure rules of the parts store, against SPEC §3's states and boundaries.
import { describe, expect, it } from 'vitest';
import { KaoheError } from '../../src/core/errors.js';
import {
  CLAIM_STATUSES, checkAccounted, checkApprover, checkClaimStep, checkClaimTicket, checkRecovered, checkReqStep, disposeDue, firstShortfall, parseLoc,
  writeOffBlocker, type ClaimStatus, type ReqStatus,
} from '../../src/stock/rules.js';

function code(fn: () => void): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof KaoheError) return `${e.exitCode}:${e.key}`;
    throw e;
  }
}

describe('locations', () => {
  it.each([
    ['main', 'main'], ['old', 'old'], ['station:哈尔滨服务站', 'station:哈尔滨服务站'], [' station： 大庆 ', 'station:大庆'],
  ])('%s → %s', (text, loc) => expect(parseLoc(text, '--loc')).toBe(loc));
  it.each(['', 'Main', 'station:', 'warehouse', 'station'])('"%s" is exit 2 naming the flag', (text) => {
    expect(code(() => parseLoc(text, '--loc'))).toBe('2:stock.input.loc');
  });
});

describe('the running balance after a change', () => {
  const later = [{ at: 20, qty: -3 }, { at: 30, qty: 2 }, { at: 40, qty: -4 }];
  it.each([
    // before, delta (at 10): running 5-1=4, -3 → 1, +2 → 3, -4 → -1
    [5, -1, { at: 40, short: 1 }],
    [6, -1, null], // the boundary: the lowest point is exactly 0
    [5, 2, null], // adding never makes anything negative
    [5, -6, { at: 10, short: 6 }], // short at once, and 6 short at the lowest (after the last take)
  ] as const)('before %i, delta %i', (before, delta, expected) => {
    expect(firstShortfall(before as number, delta as number, 10, later)).toEqual(expected);
  });
  it('reports the first moment short and the lowest point after it', () => {
    expect(firstShortfall(3, -1, 0, [{ at: 1, qty: -3 }, { at: 2, qty: -2 }, { at: 3, qty: 10 }])).toEqual({ at: 1, short: 3 });
  });
});

describe('requisition steps by state', () => {
  const steps = ['approve', 'issue', 'oldpart', 'return', 'ship', 'paid'] as const;
  const allowed: Record<(typeof steps)[number], ReqStatus> = { approve: 'pending', issue: 'approved', oldpart: 'issued', return: 'issued', ship: 'issued', paid: 'issued' };
  for (const step of steps) {
    for (const status of ['pending', 'approved', 'issued', 'written_off', 'void'] as const) {
      const ok = allowed[step] === status;
      it(`${step} on ${status}: ${ok ? 'allowed' : 'exit 3'}`, () => {
        expect(code(() => checkReqStep(step, status, 'Q2026-0001'))).toBe(ok ? 'ok' : `3:stock.rule.${step}_state`);
      });
    }
  }
  it('the approver is never the requester', () => {
    expect(code(() => checkApprover('王强', ' 王强', 'Q'))).toBe('3:stock.rule.self_approval');
    expect(code(() => checkApprover('王强', '周经理', 'Q'))).toBe('ok');
  });
  it('old back + returned never exceed the quantity issued (boundary: equal is fine)', () => {
    expect(code(() => checkAccounted(3, 1, 1, 1, 'Q'))).toBe('ok');
    expect(code(() => checkAccounted(3, 1, 1, 2, 'Q'))).toBe('3:stock.rule.more_than_issued');
  });
});

describe('write-off on the service report (3.6.2 / 3.7.4)', () => {
  const signedApproved = { signed: true, approved: true, reportQty: 2 };
  it.each([
    ['all conditions hold', { issued: 2, oldBack: 2, returned: 0 }, signedApproved, null],
    ['report signed, not approved', { issued: 2, oldBack: 2, returned: 0 }, { ...signedApproved, approved: false }, 'stock.wo.ticket'],
    ['report not signed', { issued: 2, oldBack: 2, returned: 0 }, { ...signedApproved, signed: false }, 'stock.wo.ticket'],
    ['an old part still out', { issued: 2, oldBack: 1, returned: 0 }, signedApproved, 'stock.wo.accounted'],
    ['one unused returned, old parts as on the report', { issued: 3, oldBack: 2, returned: 1 }, signedApproved, null],
    ['old parts differ from the report', { issued: 2, oldBack: 1, returned: 1 }, signedApproved, 'stock.wo.report_qty'],
  ] as const)('%s', (_name, r, t, expected) => expect(writeOffBlocker(r, t)).toBe(expected));
});

describe('secondary claims (3.8)', () => {
  const next: Record<ClaimStatus, ClaimStatus[]> = { open: ['submitted'], submitted: ['accepted', 'rejected'], accepted: ['paid'], rejected: [], paid: [] };
  for (const from of CLAIM_STATUSES) {
    for (const to of CLAIM_STATUSES) {
      const ok = next[from].includes(to);
      it(`${from} → ${to}: ${ok ? 'allowed' : 'exit 3'}`, () => expect(code(() => checkClaimStep(from, to, 'C'))).toBe(ok ? 'ok' : '3:stock.rule.claim_step'));
    }
  }
  it('recovered ≤ claimed (boundary: equal is fine)', () => {
    expect(code(() => checkRecovered(12000, 12000, 'C'))).toBe('ok');
    expect(code(() => checkRecovered(12001, 12000, 'C'))).toBe('3:stock.rule.recovered_over');
  });
  it.each([
    [true, 'product', 'ok'], [true, 'supplier', 'ok'], [true, 'service', '3:stock.rule.claim_ticket'], [false, 'product', '3:stock.rule.claim_ticket'],
    [null, null, '3:stock.rule.claim_ticket'],
  ] as const)('warranty %s, responsibility %s: %s', (w, r, expected) => expect(code(() => checkClaimTicket(w, r, 'T'))).toBe(expected));
});

describe('old parts are disposed of by the end of the next month (3.7.5)', () => {
  it.each([
    [{ y: 2026, m: 10 }, { y: 2026, m: 12 }], [{ y: 2026, m: 11 }, { y: 2027, m: 1 }], [{ y: 2026, m: 12 }, { y: 2027, m: 2 }],
  ])('%o → due at the start of %o', (month, due) => expect(disposeDue(month)).toEqual(due));
});
