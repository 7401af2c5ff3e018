// `kaohe check` orders items due at the same moment by id, as localeCompare does; plain ids
// (digits, capitals, hyphens) are compared without ICU (issue 14: its first collation loads
// ICU's data), so the two orders must agree on them, in the zh and en collations too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds } from '../../src/core/checks.js';

const plainId = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-'), maxLength: 12 });

describe('compareIds: the order of localeCompare', () => {
  it('on plain ids, in the default, zh and en collations', () => {
    fc.assert(
      fc.property(plainId, plainId, (a, b) => {
        const mine = Math.sign(compareIds(a, b));
        expect(mine).toBe(Math.sign(a.localeCompare(b)));
        expect(mine).toBe(Math.sign(a.localeCompare(b, 'zh')));
        expect(mine).toBe(Math.sign(a.localeCompare(b, 'en')));
      }),
      { numRuns: 2000 },
    );
  });

  it('ids as check lists them, plain or with a name', () => {
    const ids = ['T2026-00012', 'T2026-0001', 'GD001', 'G2026-0003', 'L2026-0010', 'Q2026-0002', '2026-10', '2026Q4/冯涛', '2026/何静', '2026/吴刚'];
    expect([...ids].sort(compareIds)).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
  });
});
