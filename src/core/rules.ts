// The rule file: every number of the regulations, and our documented choices where the seed is
// silent (SPEC preamble). Loaded once per command, validated, handed out typed. A bad custom file
// is exit 2 naming the JSON path that is wrong.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.js';

export type FaultKind = 'body' | 'chassis' | 'engine' | 'other';
export type ResponseKind = 'onsite' | 'reply' | 'written';
export type Channel = 'phone' | 'letter' | 'fax' | 'email' | 'visit';
export type Dimension = 'duty' | 'ability' | 'character' | 'knowledge' | 'discipline';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

export const FAULTS: FaultKind[] = ['body', 'chassis', 'engine', 'other'];
export const CHANNELS: Channel[] = ['phone', 'letter', 'fax', 'email', 'visit'];
export const DIMENSIONS: Dimension[] = ['duty', 'ability', 'character', 'knowledge', 'discipline'];
export const GRADES: Grade[] = ['A', 'B', 'C', 'D', 'E'];

export interface SlaCase {
  response: ResponseKind;
  hours: number;
}
export interface FaultRule {
  near: SlaCase;
  far: SlaCase;
  feedback_required: boolean;
}
export interface GuardRule {
  no: number;
  points?: number;
  min?: number;
  max?: number;
  zh: string;
  en: string;
  per_guard?: boolean;
  compensation?: boolean;
  dismiss_at?: number;
  serious?: string;
}
export interface DeadlineRule {
  anchor: 'period_end' | 'next_start';
  offset_days: number;
}

export interface Rules {
  sla: {
    distance_limit_km: number;
    supplier_means_far: boolean;
    faults: Record<FaultKind, FaultRule>;
    unsigned_flag_days: number;
    feedback_flag_days: number;
    /** an advance (借款) not settled by an approved expense claim within these days is flagged */
    advance_settle_days: number;
  };
  targets: {
    on_time_rate: { min: number };
    satisfaction_rate: { min: number };
    complaint_rate: { below: number };
    satisfied_min_rating: number;
  };
  letter: { reply_hours: Record<Channel, number> };
  stock: { old_part_return_days: number; dispose_by: 'end_of_next_month' };
  guard: { yuan_per_point: number; sign_wait_days: number; repeat_window_days: number | null; rules: GuardRule[] };
  review: {
    weights: Record<Dimension, number>;
    grades: Array<{ grade: Grade; min: number }>;
    bonus: Record<Grade, number>;
    deadlines: Record<'quarter' | 'year', Record<'self_report' | 'initial' | 'final', DeadlineRule>>;
    probation_excluded_from: 'year' | 'both' | 'none';
  };
  /** SPEC §0: hours after which a step is a late entry (补录), per step kind ('default' for the rest) */
  backdate: { max_hours: Record<string, number> };
  /** optional: the letterhead of printed documents (the service report): company and department */
  org?: { name: string | null; department: string | null };
  /** the whole file as read, notes included, for `rules show` */
  raw: Record<string, unknown>;
}

export const RULE_SECTIONS = ['sla', 'targets', 'letter', 'stock', 'guard', 'review', 'backdate'] as const;

/** data/rules.json beside the program (src/core/ in tests, dist/ when built). */
export function defaultRulesPath(): string {
  for (const rel of ['../data/rules.json', '../../data/rules.json']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return fileURLToPath(new URL('../data/rules.json', import.meta.url));
}

class Checker {
  constructor(readonly file: string) {}
  fail(path: string, expected: string): never {
    throw new InputError('rules.invalid', { file: this.file, path, expected });
  }
  obj(v: unknown, path: string): Record<string, unknown> {
    if (!v || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'an object');
    return v as Record<string, unknown>;
  }
  num(v: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER, int = false): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v))) {
      this.fail(path, `${int ? 'a whole number' : 'a number'} from ${min} to ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}`);
    }
    return v;
  }
  bool(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, 'true or false');
    return v;
  }
  str(v: unknown, path: string): string {
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'a non-empty text');
    return v;
  }
  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
    if (typeof v !== 'string' || !allowed.includes(v as T)) this.fail(path, allowed.join(' | '));
    return v as T;
  }
}

export function validateRules(raw: unknown, file: string): Rules {
  const c = new Checker(file);
  const root = c.obj(raw, '$');
  const sla = c.obj(root.sla, 'sla');
  const faultsRaw = c.obj(sla.faults, 'sla.faults');
  const slaCase = (v: unknown, p: string): SlaCase => {
    const o = c.obj(v, p);
    return { response: c.oneOf(o.response, `${p}.response`, ['onsite', 'reply', 'written'] as const), hours: c.num(o.hours, `${p}.hours`, 0.01, 24 * 365) };
  };
  const faults = {} as Record<FaultKind, FaultRule>;
  for (const f of FAULTS) {
    const o = c.obj(faultsRaw[f], `sla.faults.${f}`);
    faults[f] = { near: slaCase(o.near, `sla.faults.${f}.near`), far: slaCase(o.far, `sla.faults.${f}.far`), feedback_required: c.bool(o.feedback_required, `sla.faults.${f}.feedback_required`) };
  }
  const targets = c.obj(root.targets, 'targets');
  const rate = (v: unknown, p: string, key: 'min' | 'below') => c.num(c.obj(v, p)[key], `${p}.${key}`, 0, 1);
  const letter = c.obj(root.letter, 'letter');
  const replyRaw = c.obj(letter.reply_hours, 'letter.reply_hours');
  const reply_hours = {} as Record<Channel, number>;
  for (const ch of CHANNELS) reply_hours[ch] = c.num(replyRaw[ch], `letter.reply_hours.${ch}`, 0.01, 24 * 365);
  const stock = c.obj(root.stock, 'stock');
  const guard = c.obj(root.guard, 'guard');
  if (!Array.isArray(guard.rules)) c.fail('guard.rules', 'a list of rules');
  const guardRules = (guard.rules as unknown[]).map((v, i): GuardRule => {
    const p = `guard.rules[${i}]`;
    const o = c.obj(v, p);
    const r: GuardRule = { no: c.num(o.no, `${p}.no`, 1, 999, true), zh: c.str(o.zh, `${p}.zh`), en: c.str(o.en, `${p}.en`) };
    if (o.points !== undefined) r.points = c.num(o.points, `${p}.points`, 0, 1000, true);
    else {
      r.min = c.num(o.min, `${p}.min`, 0, 1000, true);
      r.max = c.num(o.max, `${p}.max`, r.min, 1000, true);
    }
    if (o.per_guard !== undefined) r.per_guard = c.bool(o.per_guard, `${p}.per_guard`);
    if (o.compensation !== undefined) r.compensation = c.bool(o.compensation, `${p}.compensation`);
    if (o.dismiss_at !== undefined) r.dismiss_at = c.num(o.dismiss_at, `${p}.dismiss_at`, 1, 1000, true);
    if (o.serious !== undefined) r.serious = c.str(o.serious, `${p}.serious`);
    return r;
  });
  const nos = guardRules.map((r) => r.no);
  if (new Set(nos).size !== nos.length) c.fail('guard.rules', 'each rule number once');
  const review = c.obj(root.review, 'review');
  // reviews compute in integers (tenths of a point, hundredths of a weight or coefficient): no float error
  const decimals = (v: number, places: number, p: string) => {
    const scaled = v * 10 ** places;
    if (Math.abs(Math.round(scaled) - scaled) > 1e-6) c.fail(p, `a number with at most ${places} decimal(s)`);
    return v;
  };
  const weightsRaw = c.obj(review.weights, 'review.weights');
  const weights = {} as Record<Dimension, number>;
  for (const d of DIMENSIONS) weights[d] = decimals(c.num(weightsRaw[d], `review.weights.${d}`, 0, 100), 2, `review.weights.${d}`);
  if (Math.abs(DIMENSIONS.reduce((s, d) => s + weights[d], 0) - 100) > 1e-9) c.fail('review.weights', 'weights summing to 100');
  if (!Array.isArray(review.grades)) c.fail('review.grades', 'a list of {grade, min}');
  const grades = (review.grades as unknown[]).map((v, i) => {
    const o = c.obj(v, `review.grades[${i}]`);
    return { grade: c.oneOf(o.grade, `review.grades[${i}].grade`, GRADES), min: decimals(c.num(o.min, `review.grades[${i}].min`, 0, 100), 1, `review.grades[${i}].min`) };
  });
  for (let i = 1; i < grades.length; i++) if (grades[i].min >= grades[i - 1].min) c.fail(`review.grades[${i}].min`, 'bands in falling order');
  if (grades.length === 0 || grades[grades.length - 1].min !== 0) c.fail('review.grades', 'a lowest band starting at 0');
  const bonusRaw = c.obj(review.bonus, 'review.bonus');
  const bonus = {} as Record<Grade, number>;
  for (const g of GRADES) bonus[g] = decimals(c.num(bonusRaw[g], `review.bonus.${g}`, 0, 100), 2, `review.bonus.${g}`);
  const dl = c.obj(review.deadlines, 'review.deadlines');
  const deadlines = {} as Rules['review']['deadlines'];
  for (const cycle of ['quarter', 'year'] as const) {
    const o = c.obj(dl[cycle], `review.deadlines.${cycle}`);
    deadlines[cycle] = {} as Record<'self_report' | 'initial' | 'final', DeadlineRule>;
    for (const stage of ['self_report', 'initial', 'final'] as const) {
      const p = `review.deadlines.${cycle}.${stage}`;
      const s = c.obj(o[stage], p);
      deadlines[cycle][stage] = { anchor: c.oneOf(s.anchor, `${p}.anchor`, ['period_end', 'next_start'] as const), offset_days: c.num(s.offset_days, `${p}.offset_days`, -366, 366, true) };
    }
  }
  // a file written before entry times existed has no backdate section: ours applies
  const backdateRaw = root.backdate === undefined ? { max_hours: { default: 72 } } : c.obj(root.backdate, 'backdate');
  const maxRaw = c.obj(backdateRaw.max_hours, 'backdate.max_hours');
  const max_hours: Record<string, number> = {};
  for (const [kind, v] of Object.entries(maxRaw)) max_hours[kind] = c.num(v, `backdate.max_hours.${kind}`, 0, 24 * 3660);
  if (max_hours.default === undefined) c.fail('backdate.max_hours.default', 'a number of hours');
  const orgRaw = root.org === undefined ? undefined : c.obj(root.org, 'org');
  const orgText = (k: string) => (orgRaw?.[k] === undefined || orgRaw[k] === '' ? null : c.str(orgRaw[k], `org.${k}`));
  return {
    ...(orgRaw ? { org: { name: orgText('name'), department: orgText('department') } } : {}),
    backdate: { max_hours },
    sla: {
      distance_limit_km: c.num(sla.distance_limit_km, 'sla.distance_limit_km', 0, 100000),
      supplier_means_far: c.bool(sla.supplier_means_far, 'sla.supplier_means_far'),
      faults,
      unsigned_flag_days: c.num(sla.unsigned_flag_days, 'sla.unsigned_flag_days', 0, 3650),
      feedback_flag_days: c.num(sla.feedback_flag_days ?? 0, 'sla.feedback_flag_days', 0, 3650),
      advance_settle_days: c.num(sla.advance_settle_days ?? 30, 'sla.advance_settle_days', 0, 3650),
    },
    targets: {
      on_time_rate: { min: rate(targets.on_time_rate, 'targets.on_time_rate', 'min') },
      satisfaction_rate: { min: rate(targets.satisfaction_rate, 'targets.satisfaction_rate', 'min') },
      complaint_rate: { below: rate(targets.complaint_rate, 'targets.complaint_rate', 'below') },
      satisfied_min_rating: c.num(targets.satisfied_min_rating, 'targets.satisfied_min_rating', 1, 5, true),
    },
    letter: { reply_hours },
    stock: {
      old_part_return_days: c.num(stock.old_part_return_days, 'stock.old_part_return_days', 0, 3650),
      dispose_by: c.oneOf(stock.dispose_by, 'stock.dispose_by', ['end_of_next_month'] as const),
    },
    guard: {
      yuan_per_point: c.num(guard.yuan_per_point, 'guard.yuan_per_point', 0, 100000),
      sign_wait_days: c.num(guard.sign_wait_days, 'guard.sign_wait_days', 0, 3650),
      repeat_window_days: guard.repeat_window_days === null || guard.repeat_window_days === undefined ? null : c.num(guard.repeat_window_days, 'guard.repeat_window_days', 1, 36500, true),
      rules: guardRules,
    },
    review: {
      weights,
      grades,
      bonus,
      deadlines,
      probation_excluded_from: c.oneOf(review.probation_excluded_from ?? 'year', 'review.probation_excluded_from', ['year', 'both', 'none'] as const),
    },
    raw: root,
  };
}

/** `field` names where the path came from (--rules or KAOHE_RULES), for the message. */
export function loadRules(path: string, field = '--rules'): Rules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError('rules.unreadable', { file: path, field });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError('rules.not_json', { file: path, reason: (e as Error).message });
  }
  return validateRules(raw, path);
}
