// The letter module's part of `kaohe demo`: about a dozen calls and letters a month, most
// replied on time, some late, a few still open near "today" (at least one overdue, so the demo's
// check has something to say). Every step is written through the service's apply* functions with
// its simulated time, in time order, so the audit log reads like a real year.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { CHANNELS, type Channel } from '../core/rules.js';
import { MS, addDays, dateOf, formatDate, instantToLocal, localToInstant } from '../core/time.js';
import data from '../../data/demo/letters.json' with { type: 'json' };
import { printLetterReport, printLetterCheck } from './command.js';
import { replyDeadline } from './rules.js';
import { applyArchive, applyNote, applyReply, insertNewLetter, type Letter } from './service.js';

const PER_MONTH = 12.5;
// phone most often, then e-mail and letters; visits and faxes are rare
const CHANNEL_WEIGHTS: Record<Channel, number> = { phone: 0.45, email: 0.2, letter: 0.15, visit: 0.12, fax: 0.08 };

type Event =
  | { at: number; kind: 'log'; n: number; fields: Omit<Letter, 'id'> }
  | { at: number; kind: 'note'; n: number; text: string }
  | { at: number; kind: 'reply'; n: number; text: string; by: string; channel: Channel | null }
  | { at: number; kind: 'archive'; n: number };

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function pickChannel(random: () => number): Channel {
  let r = random();
  for (const c of CHANNELS) {
    r -= CHANNEL_WEIGHTS[c];
    if (r < 0) return c;
  }
  return 'phone';
}

/** Arrival times spread over the months before `now`, in office hours (8:00-17:59 local). */
function arrivals(opts: DemoOptions, tz: string): number[] {
  const count = Math.round(PER_MONTH * opts.months);
  const today = dateOf(opts.now, tz);
  const firstDay = addDays(today, -Math.round(opts.months * 30.4));
  const days = Math.round(opts.months * 30.4);
  const out: number[] = [];
  while (out.length < count) {
    const day = addDays(firstDay, Math.floor(opts.random() * (days + 1)));
    const t = localToInstant(tz, day.y, day.m, day.d, 8 + Math.floor(opts.random() * 10), Math.floor(opts.random() * 60));
    if (t < opts.now) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

/** Clerks reply in office hours: a reply planned for the evening or night moves to 8:xx. */
function officeHours(tz: string, ms: number, random: () => number): number {
  const l = instantToLocal(ms, tz);
  if (l.hh >= 8 && l.hh < 18) return ms;
  const day = l.hh >= 18 ? addDays(l, 1) : l;
  return localToInstant(tz, day.y, day.m, day.d, 8, Math.floor(random() * 60));
}

/** What happens to each letter, as timed events. */
function plan(ctx: Context, opts: DemoOptions): Event[] {
  const r = opts.random;
  const events: Event[] = [];
  const times = arrivals(opts, ctx.tz);
  // the last letter already past its deadline stays unanswered: the demo's overdue item
  let lastPastDeadline = -1;
  times.forEach((t, n) => {
    const channel = pickChannel(r);
    const { hours, deadline } = replyDeadline(t, channel, ctx.rules.letter);
    const topic = pick(r, data.topics);
    const fields: Omit<Letter, 'id'> = {
      channel, fromName: pick(r, data.surnames) + pick(r, data.given), org: r() < 0.9 ? pick(r, data.orgs) : null,
      contact: channel === 'email' ? `service${100 + Math.floor(r() * 900)}@example.cn` : `13${Math.floor(100000000 + r() * 899999999)}`,
      subject: topic.subject, content: topic.content, receivedAt: t, loggedAt: t + Math.floor(r() * 20) * MS.minute, loggedBy: ctx.actor,
      replyHours: hours, deadline, status: 'received', replyText: null, replyChannel: null, repliedBy: null, repliedAt: null,
      archivedAt: null, archivedBy: null, ticketId: null, repliedEnteredAt: null, archivedEnteredAt: null,
    };
    events.push({ at: fields.loggedAt, kind: 'log', n, fields });
    if (deadline < opts.now) lastPastDeadline = n;
    const late = r() < 0.07;
    // on time: somewhere before the deadline (phones are answered sooner); late: up to 1.5 x over
    const delay = late ? hours * (1.05 + r() * 1.5) : hours * (channel === 'phone' || channel === 'visit' ? 0.05 + r() * 0.6 : 0.1 + r() * 0.85);
    const replyAt = officeHours(ctx.tz, t + Math.round(delay * MS.hour), r);
    const stillOpen = replyAt > opts.now || (deadline > opts.now && r() < 0.5);
    if (r() < 0.3) {
      const noteAt = t + Math.round(delay * (0.2 + r() * 0.5) * MS.hour);
      if (noteAt < opts.now && noteAt > fields.loggedAt) events.push({ at: noteAt, kind: 'note', n, text: pick(r, data.notes) });
    }
    if (stillOpen) return;
    events.push({ at: replyAt, kind: 'reply', n, text: topic.reply, by: pick(r, data.repliers), channel: r() < 0.8 ? null : pickChannel(r) });
    const archiveAt = officeHours(ctx.tz, replyAt + Math.round((0.5 + r() * 2) * MS.day), r);
    if (archiveAt < opts.now && r() < 0.9) events.push({ at: archiveAt, kind: 'archive', n });
  });
  const kept = events.filter((e) => !(e.n === lastPastDeadline && e.kind !== 'log' && e.kind !== 'note'));
  return kept.sort((a, b) => a.at - b.at || a.n - b.n);
}

export function fillLetterDemo(ctx: Context, db: Db, opts: DemoOptions): void {
  const letters = new Map<number, Letter>();
  for (const e of plan(ctx, opts)) {
    if (e.kind === 'log') {
      letters.set(e.n, insertNewLetter(ctx, db, e.fields, e.at));
    } else {
      const l = letters.get(e.n)!;
      if (e.kind === 'note') applyNote(ctx, db, l, e.text, e.at, e.at);
      if (e.kind === 'reply') applyReply(ctx, db, l, { text: e.text, by: e.by, at: e.at, channel: e.channel }, e.at);
      if (e.kind === 'archive') applyArchive(ctx, db, l, e.at, e.at);
      letters.set(e.n, refresh(l, e));
    }
    opts.progress.tick();
  }
}

/** The letter after an event, without reading it back (the state the next event starts from). */
function refresh(l: Letter, e: Event): Letter {
  if (e.kind === 'note') return l.status === 'received' ? { ...l, status: 'investigating' } : l;
  if (e.kind === 'reply') return { ...l, status: 'replied', replyText: e.text, repliedBy: e.by, repliedAt: e.at, replyChannel: e.channel ?? l.channel };
  if (e.kind === 'archive') return { ...l, status: 'archived', archivedAt: e.at };
  return l;
}

/** The last twelve months' report and today's check. */
export function printLetterDemo(ctx: Context): void {
  const today = dateOf(ctx.now, ctx.tz);
  const first = { y: today.m === 12 ? today.y : today.y - 1, m: today.m === 12 ? 1 : today.m + 1, d: 1 };
  printLetterReport(ctx, { from: formatDate(first), to: formatDate(today) });
  ctx.io.out(`\n${ctx.t('letter.demo.check')}\n`);
  printLetterCheck(ctx, '1d');
}
