// Review steps on one person's review: submissions (述职报告, 工作计划), the initial and final
// scores, filing with HR (备案). Each public function parses first (exit 2), then inside ONE
// ctx.write checks the step's times (core/steps: never before the step it follows, --reason for a
// late entry), applies the rules and writes with an audit row. The apply* halves take checked
// times (the demo calls them with its event times).
//
// The step a step follows: a submission the cycle's start; the initial score the self-report or
// plan when handed in, else the cycle's start (a leader may score without a report, which is
// then listed as missing); the final score the initial one; filing the final score.
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { InputError, RuleError } from '../core/errors.js';
import { parseNumber, requireText } from '../core/input.js';
import type { Period } from '../core/period.js';
import { checkStep, type StepTimes } from '../core/steps.js';
import { parsePastMoment } from '../core/time.js';
import { bandsOf, checkNote, checkScorer, DIMENSIONS, gradeFor, totalTenths, weightsOf, type Grade, type Scores, type Stage } from './rules.js';
import { parseStage } from './parse.js';
import { EVERYTHING, openReview, parsePeriod, recordId, resolveStaff, standingAtEnd } from './service.js';
import * as store from './store.js';
import type { Review, Score } from './store.js';

// ---- submissions ----------------------------------------------------------------------------

export interface SubmitInput { who: string; period: Period; at: number; report: string | null; plan: string | null; reason: string | null }

export function parseSubmit(ctx: Context, raw: { who?: string; period?: string; at?: string; file?: string; plan?: string; reason?: string }): SubmitInput {
  if (raw.file === undefined && raw.plan === undefined) throw new InputError('review.submit_nothing', { field: '--file/--plan' });
  return {
    who: requireText(raw.who, '--who'), period: parsePeriod(ctx, raw.period), at: parsePastMoment(raw.at, '--at', ctx.tz, ctx.now),
    report: raw.file === undefined ? null : requireText(raw.file, '--file'), plan: raw.plan === undefined ? null : requireText(raw.plan, '--plan'),
    reason: raw.reason ?? null,
  };
}

/** 述职报告 and 工作计划 are handed in by the self-report deadline; a late one is recorded as late. */
export function applySubmit(ctx: Context, db: Db, r: Review, input: SubmitInput, times: StepTimes): Review {
  for (const [what, file] of [['report', input.report], ['plan', input.plan]] as const) {
    if (file === null) continue;
    if (r[what] !== null) throw new RuleError('review.already_submitted', { what: ctx.t(`review.what.${what}`), name: r.name, period: r.period });
    store.insertSubmission(db, r.period, r.staffId, { what, at: times.at, enteredAt: times.enteredAt, file });
  }
  ctx.audit(db, 'review.submit', recordId(r), { report: input.report, plan: input.plan, at: times.at, on_time: times.at <= r.due.self_report }, times.at, { late: times.late });
  return store.reviewsOf(db, r.period, EVERYTHING, r.staffId)[0];
}

export function submit(ctx: Context, raw: Parameters<typeof parseSubmit>[1]): Review {
  const input = parseSubmit(ctx, raw);
  return ctx.write((db) => {
    const r = openReview(db, input.who, input.period);
    const times = checkStep(ctx, {
      kind: 'review.submit', at: input.at, deadline: r.due.self_report, reason: input.reason,
      after: { at: input.period.start, what: ctx.t('review.what.cycle_start'), id: input.period.label },
    });
    return applySubmit(ctx, db, r, input, times);
  });
}

// ---- scores ---------------------------------------------------------------------------------

export interface ScoreInput { who: string; period: Period; stage: Stage; by: string; scores: Scores | null; note: string | null; at: number; reason: string | null }

type ScoreRaw = { who?: string; period?: string; stage?: string; by?: string; note?: string; at?: string; reason?: string; confirm?: boolean } & Partial<Record<(typeof DIMENSIONS)[number], string>>;

/** A score 0-100 with at most one decimal, as integer tenths. */
export function parseScore(text: string, field: string): number {
  return Math.round(parseNumber(text, field, 0, 100, 1) * 10);
}

export function parseScoreInput(ctx: Context, raw: ScoreRaw): ScoreInput {
  const stage = parseStage(requireText(raw.stage, '--stage'));
  let scores: Scores | null = null;
  if (raw.confirm) {
    if (stage !== 'final') throw new InputError('review.confirm_final_only', { field: '--confirm' });
    const given = DIMENSIONS.find((d) => raw[d] !== undefined);
    if (given) throw new InputError('review.confirm_with_scores', { field: `--${given}` });
  } else {
    scores = {} as Scores;
    for (const d of DIMENSIONS) scores[d] = parseScore(requireText(raw[d], `--${d}`), `--${d}`);
  }
  return {
    who: requireText(raw.who, '--who'), period: parsePeriod(ctx, raw.period), stage, by: requireText(raw.by, '--by'), scores,
    note: raw.note === undefined || raw.note.trim() === '' ? null : raw.note.trim(), at: parsePastMoment(raw.at, '--at', ctx.tz, ctx.now), reason: raw.reason ?? null,
  };
}

/** The score a stage would write (the total and grade shown before confirming). */
export function planScore(ctx: Context, r: Review, input: ScoreInput, at: number, enteredAt: number): Score {
  if (input.scores === null) {
    const i = r.initial;
    if (!i) throw new RuleError('review.final_before_initial', { name: r.name });
    return { ...i, stage: 'final', by: input.by, at, enteredAt, confirmed: true, note: input.note ?? i.note };
  }
  const weights = weightsOf(ctx.rules.review);
  const bands = bandsOf(ctx.rules.review);
  const total = totalTenths(input.scores, weights);
  return { stage: input.stage, by: input.by, at, enteredAt, scores: input.scores, weights, bands, totalTenths: total, grade: gradeFor(total, bands), confirmed: false, note: input.note };
}

/** The step a stage follows: the initial score the self-report (and plan) when handed in, else
 *  the cycle's start; the final score the initial one. */
export function stageAfter(ctx: Context, r: Review, stage: Stage, period: Period): { at: number; what: string; id: string } {
  if (stage === 'final' && r.initial) return { at: r.initial.at, what: ctx.t('review.what.initial'), id: recordId(r) };
  const handed = [r.report, r.plan].filter((s) => s !== null).map((s) => s!.at);
  if (stage === 'initial' && handed.length > 0) return { at: Math.max(...handed), what: ctx.t('review.what.report'), id: recordId(r) };
  return { at: period.start, what: ctx.t('review.what.cycle_start'), id: period.label };
}

export function applyScore(ctx: Context, db: Db, r: Review, period: Period, input: ScoreInput, times: StepTimes): Review {
  const staff = resolveStaff(db, r.staffId);
  const v = standingAtEnd(db, staff, period)!;
  checkScorer(input.stage, input.by, v, { initial: r.initial !== null, final: r.final !== null }, r.name);
  const s = planScore(ctx, r, input, times.at, times.enteredAt);
  checkNote(s.grade, s.note);
  store.insertScore(db, r.period, r.staffId, s);
  ctx.audit(db, `review.score.${input.stage}`, recordId(r), {
    by: s.by, scores: s.scores, weights: s.weights, total_tenths: s.totalTenths, grade: s.grade, confirmed: s.confirmed, note: s.note, at: s.at,
  }, times.at, { late: times.late });
  return store.reviewsOf(db, r.period, EVERYTHING, r.staffId)[0];
}

export function scoreTimes(ctx: Context, r: Review, input: ScoreInput): StepTimes {
  return checkStep(ctx, { kind: 'review.score', at: input.at, deadline: r.due[input.stage], reason: input.reason, after: stageAfter(ctx, r, input.stage, input.period) });
}

export function score(ctx: Context, input: ScoreInput): Review {
  return ctx.write((db) => {
    const r = openReview(db, input.who, input.period);
    // the scorer and the order of stages before the times: who may score is the first question
    const staff = resolveStaff(db, r.staffId);
    checkScorer(input.stage, input.by, standingAtEnd(db, staff, input.period)!, { initial: r.initial !== null, final: r.final !== null }, r.name);
    return applyScore(ctx, db, r, input.period, input, scoreTimes(ctx, r, input));
  });
}

// ---- filing (备案) ---------------------------------------------------------------------------

export function applyFile(ctx: Context, db: Db, r: Review, by: string, times: StepTimes): Review {
  if (!r.final) throw new RuleError('review.file_before_final', { name: r.name, period: r.period });
  if (r.filedBy !== null) throw new RuleError('review.already_filed', { name: r.name, period: r.period, by: r.filedBy });
  store.fileReview(db, r.period, r.staffId, by, times.at, times.enteredAt);
  ctx.audit(db, 'review.file', recordId(r), { by, at: times.at }, times.at, { late: times.late });
  return store.reviewsOf(db, r.period, EVERYTHING, r.staffId)[0];
}

export function fileWithHr(ctx: Context, raw: { who?: string; period?: string; by?: string; at?: string; reason?: string }): Review {
  const who = requireText(raw.who, '--who');
  const period = parsePeriod(ctx, raw.period);
  const by = requireText(raw.by, '--by');
  const at = parsePastMoment(raw.at, '--at', ctx.tz, ctx.now);
  return ctx.write((db) => {
    const r = openReview(db, who, period);
    if (!r.final) throw new RuleError('review.file_before_final', { name: r.name, period: r.period });
    const times = checkStep(ctx, { kind: 'review.file', at, reason: raw.reason ?? null, after: { at: r.final.at, what: ctx.t('review.what.final'), id: recordId(r) } });
    return applyFile(ctx, db, r, by, times);
  });
}

/** The weighted total and grade five scores would get under the rule file (shown before saving). */
export function previewTotal(ctx: Context, scores: Scores): { total: number; grade: Grade } {
  const total = totalTenths(scores, weightsOf(ctx.rules.review));
  return { total, grade: gradeFor(total, bandsOf(ctx.rules.review)) };
}
