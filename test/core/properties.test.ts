// Properties that must hold for any input, not just the examples: tables line up whatever the
// mix of scripts, money survives a round trip, every instant lies in the month named for it,
// and CSV cells come back exactly as written.
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { formatYuan, parseYuan } from '../../src/core/money.js';
import { renderCsv, renderTable } from '../../src/core/output.js';
import { monthKey, periodFrom } from '../../src/core/period.js';
import { TZ, testContext } from '../helpers.js';

// ASCII, Chinese, full-width Latin and digits, CJK punctuation, half-width katakana
const CHARS = [...'aZ09 -_.,', ...'张伟哈尔滨服务站保安队', ...'ＡＢＣ１２３', ...'，。（）【】', ...'ｱｲｳ'];

/** A minimal RFC 4180 reader, to check that what renderCsv writes reads back the same. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // CRLF ends a record; handled at the \n
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('properties', () => {
  it('every line of a table has the same display width, whatever the text', () => {
    const { ctx } = testContext();
    const text = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 6 }), (rows) => {
        const out = renderTable(ctx, {
          columns: [
            { key: 'a', label: '名称' },
            { key: 'b', label: 'mixed 混合', align: 'right' },
            { key: 'c', label: 'ＦＵＬＬ' },
          ],
          rows: rows.map(([a, b, c]) => ({ a, b, c })),
        });
        const widths = out.split('\n').map((l) => stringWidth(l));
        expect(new Set(widths).size).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('CSV cells read back exactly (quoting), except that formula starts get one leading quote', () => {
    const cell = fc.string({ unit: fc.constantFrom(...CHARS, '"', ',', '\n', '\r', '=', '+', '@', '\t'), maxLength: 10 });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 5 }), fc.boolean(), (cells, excel) => {
        const columns = cells.map((_, i) => ({ key: `c${i}`, label: `c${i}` }));
        const text = renderCsv({ columns, rows: [Object.fromEntries(cells.map((v, i) => [`c${i}`, v]))] }, { excel, labels: false });
        const back = readCsv(excel ? text.slice(1) : text);
        expect(back).toHaveLength(2);
        const expected = cells.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v));
        expect(back[1]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('fen → yuan text → fen is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999_99 }), (fen) => {
        expect(parseYuan(formatYuan(fen), '--amount')).toBe(fen);
      }),
    );
  });

  it('every instant lies inside the month monthKey names for it, in the configured zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const p = periodFrom({ month: monthKey(ms, TZ) }, 0, TZ);
        expect(ms >= p.start && ms < p.end).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
