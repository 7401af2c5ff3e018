// The fast canonical JSON of audit rows must give exactly the reference text, or every hash
// chain written before (or by another program version) would stop verifying.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonSlow } from '../../src/core/audit.js';

describe('canonicalJson', () => {
  it('is the reference text for any JSON-like value', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true, withDate: true }), (v) => {
      let expected: string | undefined;
      try {
        expected = canonicalJsonSlow(v);
      } catch {
        expect(() => canonicalJson(v)).toThrow();
        return;
      }
      expect(canonicalJson(v)).toBe(expected);
    }), { numRuns: 3000 });
  });

  it.each([
    [{ b: 1, a: [1, undefined, () => 1], c: undefined, d: { '10': 1, '9': 2, x: null } }],
    [{ at: new Date(0), n: NaN, m: -0, s: '引号"\\n' }],
    [[undefined]],
    ['x'],
  ])('%j', (v) => expect(canonicalJson(v)).toBe(canonicalJsonSlow(v)));
});
