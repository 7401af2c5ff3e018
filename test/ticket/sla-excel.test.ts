// `report sla --excel` is for people opening the sheet in Excel/WPS: translated headers, like the
// other lists; plain --csv keeps the JSON keys for scripts.
import { describe, expect, it } from 'vitest';
import { monthPeriod } from '../../src/core/period.js';
import { emitSla } from '../../src/ticket/command-report.js';
import { slaReport } from '../../src/ticket/sla.js';
import { testContext } from '../helpers.js';
import { ticketAt } from './fixtures.js';

function sheet(opts: { excel: boolean; by?: 'month' }) {
  const t = testContext({ now: '2026-10-05 10:00', lang: 'zh', format: 'csv' });
  ticketAt(t.ctx, 'approved');
  Object.assign(t.ctx, { excel: opts.excel });
  emitSla(t.ctx, slaReport(t.ctx, monthPeriod(2026, 10, 'Asia/Shanghai'), opts.by));
  return t.out().replace(/^\ufeff/, '').split('\r\n')[0].split('\n')[0];
}

describe('report sla as a spreadsheet', () => {
  it('--excel headers are words in the user\'s language, not keys', () => {
    const head = sheet({ excel: true });
    expect(head).toContain('期间');
    expect(head).toContain('服务准时率');
    expect(head).toContain('准时率达标');
    expect(head).not.toMatch(/[a-z]_[a-z]/);
    expect(sheet({ excel: true, by: 'month' })).toMatch(/^月份,/);
  });

  it('--csv keeps the JSON keys', () => {
    expect(sheet({ excel: false })).toBe('period,tickets,met,missed,pending,on_time_rate,surveyed,satisfied,satisfaction_rate,complaints,complaint_rate,meets_on_time_rate,meets_satisfaction_rate,meets_complaint_rate');
  });
});
