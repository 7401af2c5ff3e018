// Demo data for `kaohe demo`: a dozen managers (one promoted in August, one on probation) and the
// four quarters and the annual cycle of the demo's year, as far as the demo's "today" reaches:
// self-reports (a few late), plans, initial and final scores (one final score missing in Q3),
// filing with HR, Q1 and Q2 closed. Written through the service's apply* functions inside the
// demo's open transaction, each step entered at its event time.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { quarterPeriod, yearPeriod, type Period } from '../core/period.js';
import type { StepTimes } from '../core/steps.js';
import { dateOf, localToInstant, MS } from '../core/time.js';
import { cycleLines, summary } from './report.js';
import { deadlinesFor, DIMENSIONS, type Level, type Scores } from './rules.js';
import { ALWAYS, applyAddStaff, applyOpen, applySetStaff, openReview, standingAtEnd } from './service.js';
import { applyFile, applyScore, applySubmit, previewTotal } from './service-steps.js';
import { setCycleStatus, staffByName } from './store.js';
import { renderSummary } from './view.js';

const GM = '王总';
const HR = '李娟';
// name, level, dept, leader
const ROSTER: Array<[string, Level, string, string]> = [
  ['周明', 'dept-manager', '销售部', GM],
  ['陈静', 'dept-manager', '财务部', GM],
  ['刘强', 'dept-manager', '售后服务部', GM],
  ['赵敏', 'branch-manager', '哈尔滨分公司', GM],
  ['冯涛', 'branch-manager', '长春分公司', GM],
  ['李娜', 'deputy-dept-manager', '销售部', '周明'],
  ['吴刚', 'deputy-dept-manager', '售后服务部', '刘强'],
  ['孙伟', 'deputy-branch-manager', '哈尔滨分公司', '赵敏'],
  ['郑洁', 'section-key', '财务部', '陈静'],
  ['王磊', 'section-key', '销售部', '周明'],
  ['何静', 'section-key', '售后服务部', '刘强'],
];
const NEWCOMER = '马超'; // joins on 1 July, on probation to the end of the year

/** The year the demo shows: this year, or last year in January and February (its cycle is still being finished). */
export function demoYear(ctx: Context, now: number): number {
  const d = dateOf(now, ctx.tz);
  return d.m >= 3 ? d.y : d.y - 1;
}

interface Event { t: number; run: () => void }

export function fillReviewDemo(ctx: Context, db: Db, opts: DemoOptions): void {
  const rnd = opts.random;
  const y = demoYear(ctx, opts.now);
  const at = (m: number, d: number, h = 9, mi = 0) => localToInstant(ctx.tz, y, m, d, h, mi);
  const times = (t: number): StepTimes => ({ at: t, enteredAt: t, late: null });
  const events: Event[] = [];
  const push = (t: number, run: () => void) => events.push({ t, run });

  ROSTER.forEach(([name, level, dept, leader], i) => {
    push(at(1, 4, 9, i), () => void applyAddStaff(ctx, db, { name, level, dept, leader, assessor: GM, probationUntil: null, basePayFen: (6000 + 500 * (i % 5)) * 100, from: ALWAYS }, at(1, 4, 9, i)));
  });
  push(at(6, 28), () => void applyAddStaff(ctx, db, { name: NEWCOMER, level: 'section-key', dept: '售后服务部', leader: '刘强', assessor: GM, probationUntil: `${y}-12-31`, basePayFen: 550000, from: `${y}-07-01` }, at(6, 28)));
  // 王磊 promoted to deputy head of a new marketing department on 1 August, reporting to the GM
  push(at(7, 28), () => void applySetStaff(ctx, db, { name: '王磊', level: 'deputy-dept-manager', dept: '市场部', leader: GM, from: `${y}-08-01` }, at(7, 28)));

  const cycles: Period[] = [1, 2, 3, 4].map((q) => quarterPeriod(y, q, ctx.tz));
  cycles.push(yearPeriod(y, ctx.tz));
  for (const period of cycles) {
    const isYear = period.kind === 'year';
    const due = deadlinesFor(ctx.rules.review, period, ctx.tz);
    // each quarter is opened on the 5th of its first month (after the roster is in), the year in October
    const opened = isYear ? at(10, 8, 8) : localToInstant(ctx.tz, period.from.y, period.from.m, 5, 8);
    push(opened, () => void applyOpen(ctx, db, period, opened));
    const people = [...ROSTER.map((r) => r[0]), NEWCOMER];
    people.forEach((name, i) => {
      // two late self-reports a cycle, the others one to five days before the deadline
      const late = (i + period.to.m) % 6 === 0;
      const handed = due.self_report - (late ? -(1 + Math.floor(rnd() * 2)) * MS.day : (1 + Math.floor(rnd() * 5)) * MS.day) - 8 * MS.hour;
      const skipPlan = period.label.endsWith('Q2') && name === '何静';
      push(handed, () => {
        const r = findReview(db, name, period);
        if (r) applySubmit(ctx, db, r, { who: name, period, at: handed, report: `述职报告-${period.label}-${name}.docx`, plan: skipPlan ? null : `工作计划-${name}.docx`, reason: null }, times(handed));
      });
      const initialAt = Math.min(due.initial - 6 * MS.hour, handed + (2 + Math.floor(rnd() * 3)) * MS.day);
      const base = 76 + Math.floor(rnd() * 20);
      const scores = Object.fromEntries(DIMENSIONS.map((d) => [d, (base + Math.floor(rnd() * 9) - 4) * 10])) as Scores;
      push(initialAt, () => {
        const r = findReview(db, name, period);
        if (!r) return;
        const v = standingAtEnd(db, staffByName(db, name)!, period)!;
        applyScore(ctx, db, r, period, { who: name, period, stage: 'initial', by: v.leader, scores, note: noteFor(ctx, scores), at: initialAt, reason: null }, times(initialAt));
      });
      if (period.label.endsWith('Q3') && name === '冯涛') return; // the GM has not given this final score
      const finalAt = initialAt + (1 + Math.floor(rnd() * 4)) * MS.day;
      const adjust = rnd() < 0.5 ? null : (Object.fromEntries(DIMENSIONS.map((d) => [d, Math.min(1000, scores[d] + 10 * Math.floor(rnd() * 3))])) as Scores);
      push(finalAt, () => {
        const r = findReview(db, name, period);
        if (!r?.initial) return;
        applyScore(ctx, db, r, period, { who: name, period, stage: 'final', by: GM, scores: adjust, note: adjust ? noteFor(ctx, adjust) : null, at: finalAt, reason: null }, times(finalAt));
      });
      const filedAt = Math.max(finalAt, due.final - 2 * MS.day) + MS.day + 2 * MS.hour;
      push(filedAt, () => {
        const r = findReview(db, name, period);
        if (r?.final) applyFile(ctx, db, r, HR, times(filedAt));
      });
    });
    if (period.label.endsWith('Q1') || period.label.endsWith('Q2')) {
      const closeAt = due.final + 15 * MS.day;
      push(closeAt, () => {
        setCycleStatus(db, period.label, 'closed', closeAt, null);
        ctx.audit(db, 'review.close', period.label, {}, closeAt);
      });
    }
  }

  events.sort((a, b) => a.t - b.t);
  for (const e of events) {
    if (e.t > opts.now) continue;
    e.run();
    opts.progress.tick();
  }
}

function findReview(db: Db, name: string, period: Period) {
  try {
    return openReview(db, name, period);
  } catch {
    return undefined; // not in this cycle (the newcomer before July, or on probation for the year)
  }
}

/** A and E need a note (篇3 六). */
function noteFor(ctx: Context, scores: Scores): string | null {
  const g = previewTotal(ctx, scores).grade;
  return g === 'A' ? '牵头完成新车型市场开拓方案' : g === 'E' ? '经两次督导谈话仍未改善' : null;
}

/** The summary of the latest quarter whose final scores are due. */
export function printReviewDemo(ctx: Context): void {
  const db = ctx.db();
  const y = demoYear(ctx, ctx.now);
  const due = [4, 3, 2, 1].map((q) => quarterPeriod(y, q, ctx.tz)).find((p) => deadlinesFor(ctx.rules.review, p, ctx.tz).final <= ctx.now && cycleLines(ctx, db, p).length > 0);
  if (due) renderSummary(ctx, summary(ctx, db, due));
}
