// The cells of a person's spreadsheet (--excel, --xlsx; issue 12), column type by column type:
// what xlsx gets (typed) and what --excel CSV gets (text), in the user's language and zone.
import { describe, expect, it } from 'vitest';
import { excelDate, textCell, typedCell } from '../../src/core/cells.js';
import type { Column } from '../../src/core/output.js';
import { at, testContext } from '../helpers.js';

const zh = testContext({ lang: 'zh' }).ctx;
const en = testContext({ lang: 'en' }).ctx;
const instant = at('2026-10-03 12:13'); // Shanghai wall clock

const cases: Array<[string, Column, unknown, unknown, string, string]> = [
  // name, column, raw value, typed cell (zh), --excel text (zh), --excel text (en)
  ['money', { key: 'v', label: 'v', type: 'money' }, 3000.5, 3000.5, '3000.50', '3000.50'],
  ['money flag', { key: 'v', label: 'v', money: true }, 0.05, 0.05, '0.05', '0.05'],
  ['rate', { key: 'v', label: 'v', type: 'rate' }, 0.9167, 0.9167, '91.7%', '91.7%'],
  ['int', { key: 'v', label: 'v', type: 'int' }, 12, 12, '12', '12'],
  ['instant ms', { key: 'v', label: 'v', type: 'instant' }, instant, new Date(Date.UTC(2026, 9, 3, 12, 13)), '2026-10-03 12:13', '2026-10-03 12:13'],
  ['ISO instant in a text column', { key: 'v', label: 'v' }, '2026-10-03T12:13:00+08:00', new Date(Date.UTC(2026, 9, 3, 12, 13)), '2026-10-03 12:13', '2026-10-03 12:13'],
  ['date', { key: 'v', label: 'v', type: 'date' }, '2026-03-05', new Date(Date.UTC(2026, 2, 5)), '2026-03-05', '2026-03-05'],
  ['enum words', { key: 'v', label: 'v', words: 'ticket.status.' }, 'dispatched', '已派工', '已派工', 'dispatched'],
  ['yes', { key: 'v', label: 'v' }, true, '是', '是', 'yes'],
  ['no', { key: 'v', label: 'v' }, false, '否', '否', 'no'],
  ['list with words', { key: 'v', label: 'v', words: 'ticket.fault.' }, ['body', 'engine'], '车身; 发动机', '车身; 发动机', 'body; engine'],
  ['empty list', { key: 'v', label: 'v' }, [], null, '', ''],
  ['missing', { key: 'v', label: 'v', type: 'money' }, null, null, '', ''],
  ['plain text', { key: 'v', label: 'v' }, '王强', '王强', '王强', '王强'],
  ['a number without a type stays a number', { key: 'v', label: 'v' }, 7, 7, '7', '7'],
];

describe('typed and text cells', () => {
  it.each(cases)('%s', (_name, col, raw, typed, zhText, enText) => {
    const row = { v: raw };
    expect(typedCell(zh, col, row)).toEqual(typed);
    expect(textCell(zh, col, row)).toBe(zhText);
    expect(textCell(en, col, row).toLowerCase()).toBe(enText.toLowerCase());
  });

  it('a per-row type: the same column holds counts and rates', () => {
    const col: Column = { key: 'v', label: 'v', type: (row) => (row.kind === 'rate' ? 'rate' : 'int') };
    expect(textCell(zh, col, { v: 0.5, kind: 'rate' })).toBe('50.0%');
    expect(textCell(zh, col, { v: 3, kind: 'int' })).toBe('3');
  });

  it('Excel dates are the wall clock of the configured zone, whatever the machine\'s zone', () => {
    expect(excelDate(at('2026-01-01 00:30'), 'Asia/Shanghai').toISOString()).toBe('2026-01-01T00:30:00.000Z');
    expect(excelDate(at('2026-01-01 00:30'), 'UTC').toISOString()).toBe('2025-12-31T16:30:00.000Z');
  });
});
