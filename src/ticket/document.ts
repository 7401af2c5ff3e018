// The service report (服务报告, 3.3.2 / 3.4.2) a customer signs: one value, three renderings
// (plain text, Markdown, a self-contained HTML page that prints on A4).
import type { Context } from '../core/context.js';
import { formatYuan } from '../core/money.js';
import type { AuditHead } from '../core/audit.js';
import { displayWidth, headLine } from '../core/output.js';
import { humanTime } from '../core/time.js';
import { ticketSla } from './rules.js';
import type { Ticket } from './types.js';

export const REPORT_FORMATS = ['text', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface Doc {
  /** the letterhead: the company and department (rule file `org`, or KAOHE_ORG / KAOHE_DEPARTMENT) */
  letterhead: string[];
  title: string;
  /** 打印日期 2026-12-01 */
  printed: string;
  fields: Array<[string, string]>;
  partsTitle: string;
  partsHead: [string, string, string];
  parts: Array<[string, string, string]>;
  signTitle: string;
  signatures: Array<[string, string]>;
  /** 审计链 N:hash… — the audit head the report was printed at (SPEC §0) */
  footer: string;
}

/** Punctuation as the language writes it: full-width in Chinese text (，：（）、). */
export function punct(lang: string) {
  return lang === 'zh'
    ? { colon: '：', comma: '，', list: '、', paren: (s: string) => `（${s}）` }
    : { colon: ':', comma: ', ', list: ', ', paren: (s: string) => ` (${s})` };
}

export function serviceReportDoc(ctx: Context, t: Ticket, head?: AuditHead): Doc {
  const l = (k: string) => ctx.t(`ticket.doc.${k}`);
  const p = punct(ctx.lang);
  const time = (ms: number | null) => humanTime(ms, ctx.tz);
  const dash = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? '—' : s);
  const yesNo = (b: boolean | null) => (b === null ? '—' : ctx.t(b ? 'common.yes' : 'common.no'));
  const team = t.assignees.map((a) => (a.lead && t.assignees.length > 1 ? `${a.name}${p.paren(l('lead'))}` : a.name)).join(p.list);
  const blank = '______________';
  const org = [ctx.env.KAOHE_ORG || ctx.rules.org?.name, ctx.env.KAOHE_DEPARTMENT || ctx.rules.org?.department].filter((x): x is string => Boolean(x));
  // one signature line for every service person on the ticket, the team lead first
  const people = [...t.assignees].sort((a, b) => Number(b.lead) - Number(a.lead)).map((a) => a.name);
  const undated = `${blank}   ${l('date')} ${blank}`;
  return {
    letterhead: org,
    title: `${l('title')}  ${t.id}`,
    printed: `${l('printed')} ${humanTime(ctx.now, ctx.tz).slice(0, 10)}`,
    fields: [
      [l('customer'), t.customer],
      [l('contact'), [t.contact, t.phone].filter(Boolean).join(' / ')],
      [l('address'), dash(t.address)],
      [l('vehicle'), [t.vehicle, t.model].filter(Boolean).join(' / ')],
      [l('fault'), `${ctx.t(`ticket.fault.${t.fault}`)}${p.comma}${t.distanceKm} km${t.supplier ? `${p.comma}${l('supplier')}` : ''}`],
      [l('description'), dash(t.description)],
      [l('reported_at'), time(t.reportedAt)],
      [l('deadline'), `${time(t.deadline)}${p.paren(ctx.t(`ticket.kind.${t.responseKind}`))}`],
      [l('responded_at'), `${time(t.respondedAt)}${ticketSla(t, ctx.now) === null ? '' : p.paren(ctx.t(`ticket.sla.${ticketSla(t, ctx.now)}`))}`],
      [l('team'), dash(team)],
      [l('loan'), t.loanFen > 0 ? `${formatYuan(t.loanFen)} ${l('yuan')}` : '—'],
      [l('resolved_at'), time(t.resolvedAt)],
      [l('cause'), dash(t.cause)],
      [l('responsibility'), t.responsibility ? ctx.t(`ticket.resp.${t.responsibility}`) : '—'],
      // 3.4.2 B/C: the facts the warranty verdict rests on, printed before it
      [l('running_hours'), t.facts?.runningHours == null ? '—' : `${t.facts.runningHours} h`],
      [l('mileage'), t.facts?.mileageKm == null ? '—' : `${t.facts.mileageKm} km`],
      [l('taken_apart'), t.facts ? `${yesNo(t.facts.takenApart)}${t.facts.note ? p.paren(t.facts.note) : ''}` : '—'],
      [l('warranty'), `${yesNo(t.warranty)}${t.warrantyReason ? p.paren(t.warrantyReason) : ''}`],
      [l('major'), yesNo(t.major)],
      ...(t.feedbackRequired || t.feedbackAt !== null ? [[l('feedback'), t.feedbackAt === null ? '—' : `${time(t.feedbackAt)} ${dash(t.feedbackNote)}`] as [string, string]] : []),
      ...(t.status === 'void' ? [[l('void'), dash(t.voidReason)] as [string, string]] : []),
    ],
    partsTitle: l('parts'),
    partsHead: [l('part_code'), l('part_qty'), l('part_reason')],
    parts: t.parts.map((p) => [p.code, String(p.qty), dash(p.reason)]),
    signTitle: l('signatures'),
    signatures: [
      [l('sign_customer'), t.signedBy ? `${t.signedBy}   ${time(t.signedAt)}` : undated],
      ...(people.length > 0 ? people.map((name): [string, string] => [ctx.t('ticket.doc.sign_person', { name }), undated]) : [[l('sign_staff'), undated] as [string, string]]),
      [l('sign_leader'), t.approvedBy ? `${t.approvedBy}   ${time(t.approvedAt)}` : undated],
    ],
    footer: head ? headLine(ctx, head) : '',
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderServiceReport(ctx: Context, t: Ticket, format: ReportFormat, head: AuditHead): string {
  const d = serviceReportDoc(ctx, t, head);
  const none = ctx.t('common.none');
  const colon = punct(ctx.lang).colon;
  if (format === 'md') {
    return [
      ...d.letterhead.map((h) => `**${mdCell(h)}**  `), ...(d.letterhead.length ? [''] : []),
      `# ${d.title}`, '', d.printed, '', `| | |`, `|---|---|`, ...d.fields.map(([k, v]) => `| ${mdCell(k)} | ${mdCell(v)} |`), '',
      `## ${d.partsTitle}`, '',
      ...(d.parts.length ? [`| ${d.partsHead.join(' | ')} |`, '|---|---:|---|', ...d.parts.map((p) => `| ${p.map(mdCell).join(' | ')} |`)] : [none]), '',
      `## ${d.signTitle}`, '', ...d.signatures.map(([k, v]) => `- ${k}${colon} ${v}`), '',
      `<small>${d.footer}</small>`, '',
    ].join('\n');
  }
  if (format === 'html') {
    const rows = d.fields.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n');
    const parts = d.parts.length
      ? `<table class="parts"><tr>${d.partsHead.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>\n${d.parts.map((p) => `<tr>${p.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</table>`
      : `<p>${esc(none)}</p>`;
    const signs = d.signatures.map(([k, v]) => `<p class="sign"><b>${esc(k)}</b>${colon} ${esc(v)}</p>`).join('\n');
    return `<!doctype html>
<html lang="${ctx.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(d.title)}</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 11pt; color: #000; }
h1 { font-size: 16pt; text-align: center; } h2 { font-size: 12pt; margin-top: 14pt; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #444; padding: 4pt 6pt; text-align: left; vertical-align: top; }
th { width: 28%; background: #f2f2f2; } .parts th { width: auto; } .sign { margin: 18pt 0 0; }
footer { margin-top: 24pt; font-size: 8pt; color: #555; }
header { text-align: center; font-size: 13pt; font-weight: bold; border-bottom: 2px solid #000; padding-bottom: 4pt; }
.printed { text-align: right; font-size: 9pt; margin: 0 0 6pt; }
</style></head><body>
${d.letterhead.length ? `<header>${d.letterhead.map((h) => `<div>${esc(h)}</div>`).join('')}</header>\n` : ''}<h1>${esc(d.title)}</h1>
<p class="printed">${esc(d.printed)}</p>
<table>
${rows}
</table>
<h2>${esc(d.partsTitle)}</h2>
${parts}
<h2>${esc(d.signTitle)}</h2>
${signs}
<footer>${esc(d.footer)}</footer>
</body></html>
`;
  }
  // pad by display width: a Chinese character takes two columns on a terminal and on paper
  const width = Math.max(...d.fields.map(([k]) => displayWidth(k))) + 1;
  const label = (k: string) => `${k}${colon}${' '.repeat(width - displayWidth(k) + (colon === ':' ? 0 : -1))}`;
  const centred = (h: string) => `${' '.repeat(Math.max(0, Math.floor((40 - displayWidth(h)) / 2)))}${h}`;
  return [
    ...d.letterhead.map(centred), ...(d.letterhead.length ? [''] : []),
    d.title, '='.repeat(40), d.printed, ...d.fields.map(([k, v]) => `${label(k)} ${v}`), '',
    d.partsTitle, '-'.repeat(40),
    ...(d.parts.length ? d.parts.map(([c, q, r]) => `${c}  × ${q}  ${r}`) : [none]), '',
    d.signTitle, '-'.repeat(40), ...d.signatures.flatMap(([k, v]) => [`${k}${colon} ${v}`, '']),
    d.footer,
  ].join('\n');
}
