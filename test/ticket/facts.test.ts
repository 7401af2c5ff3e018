import { describe, expect, it } from 'vitest';
import { auditHead } from '../../src/core/audit.js';
import { InputError } from '../../src/core/errors.js';
import { renderServiceReport } from '../../src/ticket/document.js';
import * as svc from '../../src/ticket/service.js';
import { showTicket, ticketJson } from '../../src/ticket/views.js';
import { testContext } from '../helpers.js';
import { LATE, ticketAt } from './fixtures.js';

const RESOLVE = { cause: '门泵密封圈老化', responsibility: 'product', part: ['P-1001:1:门泵漏气'], at: '2026-10-01 18:00', reason: LATE };

describe('resolve: the facts the warranty verdict rests on (3.4.2 B/C)', () => {
  it.each([
    ['warranty yes on a part taken apart, no note', { warranty: 'yes', takenApart: true }, '--note'],
    ['mileage negative', { warranty: 'yes', mileage: '-1' }, '--mileage'],
    ['mileage not a number', { warranty: 'yes', mileage: '12万' }, '--mileage'],
    ['running hours with two decimals', { warranty: 'yes', runningHours: '3.25' }, '--running-hours'],
  ])('%s: exit 2 naming %s, nothing written', (_n, over, field) => {
    const a = testContext({ now: '2026-10-03 09:00' });
    const t = ticketAt(a.ctx, 'responded');
    let err: unknown;
    try {
      svc.resolveTicket(a.ctx, t.id, { ...RESOLVE, ...over });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).params.field).toBe(field);
    expect(showTicket(a.ctx, t.id).ticket.status).toBe('responded');
  });

  it.each([
    ['warranty no on a part taken apart needs no note', { warranty: 'no', warrantyReason: '用户自行拆修', takenApart: true }, { taken_apart: true, resolve_note: null }],
    ['warranty yes, taken apart, with a note', { warranty: 'yes', takenApart: true, note: '服务站按三包拆检过' }, { taken_apart: true, resolve_note: '服务站按三包拆检过' }],
    ['mileage and running time', { warranty: 'yes', mileage: '128000.5', runningHours: '3200' }, { mileage_km: 128000.5, running_hours: 3200, taken_apart: false }],
  ])('%s', (_n, over, json) => {
    const a = testContext({ now: '2026-10-03 09:00' });
    const t = ticketAt(a.ctx, 'responded');
    const r = svc.resolveTicket(a.ctx, t.id, { ...RESOLVE, ...over });
    expect(ticketJson(a.ctx, r)).toMatchObject(json);
  });

  it('the printed service report shows them, in Chinese and in English; before the resolution they are blank', () => {
    const a = testContext({ now: '2026-10-03 09:00', lang: 'zh' });
    const t = ticketAt(a.ctx, 'responded');
    const before = renderServiceReport(a.ctx, showTicket(a.ctx, t.id).ticket, 'text', auditHead(a.ctx.db(), a.ctx.now));
    expect(before).toMatch(/是否被拆过：\s+—/);
    svc.resolveTicket(a.ctx, t.id, { ...RESOLVE, warranty: 'yes', mileage: '128000', runningHours: '3200', takenApart: true, note: '服务站按三包拆检过' });
    const zh = renderServiceReport(a.ctx, showTicket(a.ctx, t.id).ticket, 'text', auditHead(a.ctx.db(), a.ctx.now));
    expect(zh).toMatch(/运行时间：\s+3200 h/);
    expect(zh).toMatch(/运行里程：\s+128000 km/);
    expect(zh).toMatch(/是否被拆过：\s+是（服务站按三包拆检过）/);
    const en = testContext({ now: '2026-10-03 10:00', dbPath: a.ctx.dbPath, lang: 'en' });
    const text = renderServiceReport(en.ctx, showTicket(en.ctx, t.id).ticket, 'html', auditHead(en.ctx.db(), en.ctx.now));
    expect(text).toContain('<th>Mileage</th><td>128000 km</td>');
    expect(text).toContain('<th>Part taken apart before</th><td>yes (服务站按三包拆检过)</td>');
  });
});
