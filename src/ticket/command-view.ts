// kaohe ticket list | show — the two reading commands of the ticket group.
import { listJoin } from '../core/i18n.js';
import type { Command } from 'commander';
import { action, d, defineCommand } from '../core/cli.js';
import { listOptions, listScope, scopeJson, scopeLabel, type ListScope } from '../core/list-scope.js';
import { historyView } from '../core/history.js';
import { emit, style } from '../core/output.js';
import { emitList } from '../core/output-stream.js';
import { periodGiven } from '../core/period.js';
import { humanTime } from '../core/time.js';
import { humanTimeFormatter, isoFormatter } from '../core/time-format.js';
import { serviceReportDoc } from './document.js';
import { iterateListed, showTicket, ticketJson } from './views.js';
import { expenseRows } from './views-service.js';

export function registerTicketViews(g: Command): void {
  action(
    listOptions(defineCommand(g, 'list', 'ticket.list.desc', ['kaohe ticket list', 'kaohe ticket list --month 2026-10', 'kaohe ticket list --overdue', 'kaohe ticket list --customer 哈尔滨公交 --all', 'kaohe ticket list --assignee 王强 --csv']))
      .option('--status <status>', d('ticket.opt.status'))
      .option('--overdue', d('ticket.opt.overdue'))
      .option('--fault <kind>', d('ticket.opt.fault'))
      .option('--assignee <name>', d('ticket.opt.assignee'))
      .option('--customer <name>', d('ticket.opt.list_customer'))
      .option('--vehicle <no>', d('ticket.opt.list_vehicle')),
    (ctx, o) => {
      // --overdue without a period: every overdue ticket, of any time
      const scope: ListScope = o.overdue && !periodGiven(o) ? { kind: 'all' } : listScope(ctx, o);
      const period = scope.kind === 'all' ? null : scope.kind === 'open' ? scope.month : scope.period;
      const rows = iterateListed(ctx, scope, o);
      const s = style(ctx);
      const slaShow = (v: unknown) => (v === null ? '—' : (v === 'missed' ? s.bad : v === 'met' ? s.ok : s.warn)(ctx.t(`ticket.sla.${String(v)}`)));
      // per row only what differs: the words of a state, fault or team looked up once each, the
      // times through the list formatters (no Date object per cell; issue 14)
      const human = humanTimeFormatter(ctx.tz);
      const iso = isoFormatter(ctx.tz);
      const isoOr = (ms: number | null) => (ms === null ? null : iso(ms));
      // written as read (core/output-stream.ts): a month of a big database is tens of thousands
      // of rows (issue 14: three copies of them took 700 MB)
      emitList(ctx, {
        rows: () => rows,
        json: {
          doc: { ...scopeJson(scope), tickets: null },
          key: 'tickets',
          item: (r) => ({
            id: r.id, status: r.status, customer: r.customer, vehicle: r.vehicle, fault: r.fault,
            reported_at: iso(r.reported_at), response_kind: r.response_kind, deadline: iso(r.deadline),
            responded_at: isoOr(r.responded_at), sla: r.sla,
            assignees: r.assignees ? r.assignees.split(', ') : [],
          }),
        },
        table: {
          title: (n) => (o.overdue && !periodGiven(o) ? ctx.t('ticket.list.title_overdue', { n }) : ctx.t('ticket.list.title', { period: scopeLabel(ctx, scope), n })),
          columns: [
            { key: 'id', label: ctx.t('ticket.col.id') },
            { key: 'reported_at', priority: 6, label: ctx.t('ticket.col.reported_at'), show: (v) => human(v as number) },
            { key: 'customer', priority: 8, label: ctx.t('ticket.col.customer') },
            { key: 'vehicle', priority: 7, label: ctx.t('ticket.col.vehicle') },
            { key: 'fault', priority: 7, label: ctx.t('ticket.col.fault'), show: byValue((v) => ctx.t(`ticket.fault.${String(v)}`)) },
            { key: 'status', priority: 9, label: ctx.t('ticket.col.status'), show: byValue((v) => ctx.t(`ticket.status.${String(v)}`)) },
            { key: 'deadline', priority: 8, label: ctx.t('ticket.col.deadline'), show: (v) => human(v as number) },
            { key: 'responded_at', priority: 3, label: ctx.t('ticket.col.responded_at'), show: (v) => human(v as number | null) },
            { key: 'sla', priority: 6, label: ctx.t('ticket.col.sla'), show: byValue(slaShow) },
            // the list's SQL joins the team with ', ' (as --json gives it); a Chinese table joins with 、
            { key: 'assignees', priority: 4, label: ctx.t('ticket.col.assignees'), show: byValue((v) => (v === null || v === undefined || v === '' ? '—' : listJoin(ctx.lang, String(v).split(', ')))) },
          ],
          row: (r) => r as unknown as Record<string, unknown>,
          empty: ctx.t('common.none'),
        },
        csv: {
          columns: ['id', 'status', 'customer', 'vehicle', 'fault', 'reported_at', 'response_kind', 'deadline', 'responded_at', 'sla', 'assignees'].map((k) => ({ key: k, label: ctx.t(`ticket.col.${k}`), words: LIST_WORDS[k] })),
          row: (r) => ({ ...r, reported_at: iso(r.reported_at), deadline: iso(r.deadline), responded_at: isoOr(r.responded_at) }),
        },
      });
    },
  );

  action(defineCommand(g, 'show <ID>', 'ticket.show.desc', ['kaohe ticket show T2026-0001', 'kaohe ticket show T2026-0001 --json']), (ctx, _o, [id]) => {
    const detail = showTicket(ctx, id);
    const t = detail.ticket;
    const doc = serviceReportDoc(ctx, t);
    emit(ctx, {
      json: ticketJson(ctx, t, { sla: detail.sla, history: detail.history }),
      tables: [
        {
          title: `${t.id}  ${ctx.t(`ticket.status.${t.status}`)}${detail.sla === null ? '' : `  ${ctx.t(`ticket.sla.${detail.sla}`)}`}`,
          columns: [{ key: 'k', label: ctx.t('ticket.col.field') }, { key: 'v', label: ctx.t('ticket.col.value') }],
          rows: [
            ...doc.fields.map(([k, v]) => ({ k, v })),
            { k: doc.partsTitle, v: doc.parts.map(([c, q, r]) => `${c} ×${q} ${r}`).join('; ') || '—' },
            { k: ctx.t('ticket.doc.sign_customer'), v: t.signedBy ? `${t.signedBy} ${humanTime(t.signedAt, ctx.tz)}` : '—' },
            { k: ctx.t('ticket.doc.sign_leader'), v: t.approvedBy ? `${t.approvedBy} ${humanTime(t.approvedAt, ctx.tz)}` : '—' },
            { k: ctx.t('ticket.doc.survey'), v: t.surveyRating === null ? '—' : `${t.surveyRating}/5 ${t.surveyNote ?? ''}`.trim() },
            ...expenseRows(ctx, t),
            { k: ctx.t('ticket.doc.complaints'), v: t.complaints.map((c) => `${humanTime(c.at, ctx.tz)} ${c.serviceFault ? ctx.t('ticket.doc.service_fault') : ''} ${c.note}`.replace(/\s+/g, ' ')).join('; ') || '—' },
          ],
        },
        historyView(ctx, detail.history),
      ],
    });
  });
}

// --excel and --xlsx show these codes in the user's words (已派工, not dispatched)
const LIST_WORDS: Record<string, string> = { status: 'ticket.status.', fault: 'ticket.fault.', response_kind: 'ticket.kind.', sla: 'ticket.sla.' };

/** A cell's text that depends on its value alone, worked out once per distinct value. */
function byValue(show: (v: unknown) => string): (v: unknown) => string {
  const known = new Map<unknown, string>();
  return (v) => {
    let text = known.get(v);
    if (text === undefined) {
      text = show(v);
      if (known.size < 10_000) known.set(v, text);
    }
    return text;
  };
}
