// Demo data for `kaohe demo`: one security company, one property site, a dozen guards and the
// given months of notices (mostly effective, a few drafts waiting, one void, one guard who has
// reached a dismissal trigger), and a few rewards. Written through the service's apply* functions
// inside the demo's open transaction, one audit row per change at the simulated time; a load test
// of the notices (`--notices` above NOTICE_HISTORY_MAX) takes the same events, drawn the same way,
// through demo-bulk.ts instead: the same rules and the same rows, logged as a baseline.
import { auditHead } from '../core/audit.js';
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { monthPeriod } from '../core/period.js';
import { addDays, dateOf, formatDate, localToInstant, MS } from '../core/time.js';
import { fund, monthSheet } from './report.js';
import { findRule, type InspectionKind, type Side } from './rules.js';
import { bulkWriter } from './demo-bulk.js';
import { applyReward, type RewardInput } from './ledger.js';
import { applyAddGuard, applyDeduct, applySign, applyVoid, onTime, type DeductInput } from './service.js';
import { fundTotals } from './store.js';
import { renderFund, renderMonth } from './view.js';

const COMPANY = '齐铁保安服务公司';
const SITE = '龙华物业小区';
const NAMES = ['张伟', '李强', '王磊', '刘洋', '陈军', '杨帆', '赵刚', '黄勇', '周鹏', '吴超', '孙磊', '马骏'];
const COMPANY_SIGNERS = ['王建国', '刘振华'];
const PROPERTY_SIGNERS = ['陈丽', '赵敏'];
// the everyday rules; 2, 8, 16 (dismissal triggers) are placed on purpose below
const POOL = [1, 1, 1, 3, 4, 4, 5, 6, 7, 9, 9, 10, 10, 11, 11, 12, 13, 14, 15, 17, 18, 19, 20, 22];

// the kinds of event, in the order they are queued for one notice; the rewards' after all notices
const DEDUCT = 0, SIGN_COMPANY = 1, SIGN_PROPERTY = 2, VOID = 3, REWARD = 4;

/** Up to this many notices (`kaohe demo --notices N`) every step of every notice is logged at its
 *  time; more is a load test: the notices are written without a log row a step, and logged as a
 *  baseline (demo-bulk.ts). */
export const NOTICE_HISTORY_MAX = 20_000;

/** What the demo's steps do to the records: the services (every change logged at its time), or
 *  for a load test the same rules without the log (demo-bulk.ts). A notice is named by its number
 *  in the demo's plan, `k`. Each step is entered at its own time (the demo has no late entries). */
export interface GuardDemoWriter {
  /** the new draft notice k, entered at `created` */
  deduct(k: number, input: DeductInput, created: number): void;
  sign(k: number, side: Side, by: string, at: number): void;
  voidNotice(k: number, reason: string, at: number): void;
  reward(input: RewardInput): void;
  /** notice k has taken its last step (up to the demo's now) */
  done(k: number): void;
  /** takes every step, in time order */
  run(steps: () => void): void;
}

function serviceWriter(ctx: Context, db: Db, count: number): GuardDemoWriter {
  const ids: string[] = new Array<string>(count).fill('');
  return {
    deduct: (k, input, created) => void (ids[k] = applyDeduct(ctx, db, input, onTime(created)).id),
    sign: (k, side, by, at) => void applySign(ctx, db, { id: ids[k], side, by, at }, onTime(at)),
    voidNotice: (k, reason, at) => void applyVoid(ctx, db, ids[k], reason, onTime(at)),
    reward: (input) => void applyReward(ctx, db, input, onTime(input.at)),
    done: () => undefined,
    run: (steps) => steps(),
  };
}

/** `steps`: through the services; `bulk`: the load test's way. By default a load test when the
 *  notices asked for are more than NOTICE_HISTORY_MAX. */
export function fillGuardDemo(ctx: Context, db: Db, opts: DemoOptions & { notices?: number }, how?: 'steps' | 'bulk'): void {
  const bulk = how === undefined ? opts.notices !== undefined && opts.notices > NOTICE_HISTORY_MAX : how === 'bulk';
  const rnd = opts.random;
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const today = dateOf(opts.now, ctx.tz);
  let y = today.y;
  let m = today.m - opts.months;
  while (m < 1) { m += 12; y -= 1; }
  const start = monthPeriod(y, m, ctx.tz).start;
  const span = opts.now - start;

  const guards = NAMES.map((name, i) => {
    const hired = addDays(dateOf(start, ctx.tz), -30 - Math.floor(rnd() * 700));
    const g = applyAddGuard(ctx, db, { name, company: COMPANY, site: SITE, basePayFen: (3000 + 100 * Math.floor(rnd() * 7)) * 100, hired: formatDate(hired) }, onTime(start - (12 - i) * MS.hour));
    opts.progress.tick();
    return g;
  });

  // the plan: each notice's facts by its number k, and the events as three parallel arrays (time,
  // notice, kind), sized for the most there can be: a hundred thousand notices as closures took 90 MB
  const most = (opts.notices ?? 6 * opts.months) + 8;
  const plan = {
    at: new Float64Array(most), rule: new Uint16Array(most), points: new Uint16Array(most), comp: new Int32Array(most),
    // the guards named, as indexes into NAMES (the second -1: one guard), and the kind, if placed
    first: new Int8Array(most), second: new Int8Array(most), kind: new Array<InspectionKind | null>(most).fill(null),
  };
  const slots = 4 * most + opts.months;
  const times = new Float64Array(slots);
  const who = new Int32Array(slots);
  const kinds = new Uint8Array(slots);
  let count = 0;
  let queued = 0;
  const queue = (t: number, k: number, kind: number) => {
    times[queued] = t;
    who[queued] = k;
    kinds[queued++] = kind;
  };
  const notice = (t: number, names: string[], rule: number, opt: { signs?: 0 | 1 | 2; voidIt?: boolean; kind?: InspectionKind } = {}) => {
    const r = findRule(ctx.rules.guard, rule);
    if (!r) return;
    const points = r.points ?? (r.min as number) + Math.floor(rnd() * ((r.max as number) - (r.min as number) + 1));
    const compensationFen = r.compensation ? (20 + Math.floor(rnd() * 60)) * 100 : 0;
    const created = t + MS.hour + Math.floor(rnd() * 5) * MS.hour;
    if (count === most) throw new Error('guard demo: more notices than planned for');
    const k = count++;
    [plan.at[k], plan.rule[k], plan.points[k], plan.comp[k]] = [t, rule, points, compensationFen];
    [plan.first[k], plan.second[k], plan.kind[k]] = [NAMES.indexOf(names[0]), names.length > 1 ? NAMES.indexOf(names[1]) : -1, opt.kind ?? null];
    queue(created, k, DEDUCT);
    const signs = opt.signs ?? 2;
    const c = created + MS.hour * (2 + Math.floor(rnd() * 30));
    const p = c + MS.hour * (1 + Math.floor(rnd() * 30));
    if (signs >= 1) queue(c, k, SIGN_COMPANY);
    if (signs >= 2) queue(p, k, SIGN_PROPERTY);
    if (opt.voidIt) queue(p + MS.day, k, VOID);
  };

  // everyday notices, 3 to 6 a month (or `notices` spread over the months: a load test), up to a
  // week before today
  const given = opts.notices;
  for (let k = 0; k < opts.months; k++) {
    const from = start + (span * k) / opts.months;
    const n = given === undefined ? 3 + Math.floor(rnd() * 4) : Math.floor((given * (k + 1)) / opts.months) - Math.floor((given * k) / opts.months);
    for (let i = 0; i < n; i++) {
      const t = Math.floor(from + rnd() * (span / opts.months));
      if (t > opts.now - 7 * MS.day) continue;
      const rule = pick(POOL);
      const two = findRule(ctx.rules.guard, rule)?.per_guard && rnd() < 0.5;
      const first = pick(NAMES.slice(0, 10));
      const names = two ? [first, pick(NAMES.slice(0, 10).filter((x) => x !== first))] : [first];
      notice(t, names, rule, { voidIt: k === Math.floor(opts.months / 2) && i === 0 });
    }
  }
  // placed notices are found at the morning inspection, 08:00 local
  const morning = (t: number) => {
    const day = dateOf(t, ctx.tz);
    return localToInstant(ctx.tz, day.y, day.m, day.d, 8);
  };
  // 孙磊: absent without leave three times (无故旷工三次以上 → dismissal trigger, left for the clerk)
  for (const f of [0.2, 0.5, 0.8]) notice(morning(start + span * f), ['孙磊'], 2, { kind: 'spot' });
  // 马骏 and 周鹏 once each: no trigger yet
  notice(morning(start + span * 0.6), ['马骏'], 2);
  notice(morning(start + span * 0.4), ['周鹏'], 8);
  // drafts: one waiting longer than the rule file allows, two recent ones
  notice(morning(opts.now - 8 * MS.day), ['吴超'], 10, { signs: 1 });
  notice(morning(opts.now - 2 * MS.day), ['黄勇'], 1, { signs: 1 });
  notice(morning(opts.now - 1 * MS.day), ['杨帆', '赵刚'], 9, { signs: 0 });
  // rewards out of the fund each quarter, when it holds enough
  for (let q = 3; q <= opts.months; q += 3) {
    const day = dateOf(start + (span * q) / opts.months - 2 * MS.day, ctx.tz);
    queue(localToInstant(ctx.tz, day.y, day.m, day.d, 10), -1, REWARD);
  }

  // in time order; events at the same time in the order they were queued
  const order = new Uint32Array(queued);
  for (let i = 0; i < queued; i++) order[i] = i;
  order.sort((a, b) => times[a] - times[b] || a - b);
  // each notice's steps up to now: after the last of them it is done
  const left = new Uint8Array(count);
  for (let e = 0; e < queued; e++) if (times[e] <= opts.now && kinds[e] !== REWARD) left[who[e]] += 1;
  const namesOf = (k: number) => (plan.second[k] < 0 ? [NAMES[plan.first[k]]] : [NAMES[plan.first[k]], NAMES[plan.second[k]]]);
  const made = new Uint8Array(count);
  const write = bulk ? bulkWriter(ctx, db, opts.now) : serviceWriter(ctx, db, count);
  write.run(() => {
    for (const e of order) {
      const t = times[e];
      if (t > opts.now) continue;
      const k = who[e];
      switch (kinds[e]) {
        case DEDUCT:
          write.deduct(k, {
            guards: namesOf(k), rule: plan.rule[k], points: plan.points[k], at: plan.at[k], inspector: pick([...COMPANY_SIGNERS, ...PROPERTY_SIGNERS]),
            kind: plan.kind[k] ?? (rnd() < 0.4 ? 'periodic' : 'spot'), compensationFen: plan.comp[k], note: null,
          }, t);
          made[k] = 1;
          break;
        case SIGN_COMPANY:
          write.sign(k, 'company', pick(COMPANY_SIGNERS), t);
          break;
        case SIGN_PROPERTY:
          write.sign(k, 'property', pick(PROPERTY_SIGNERS), t);
          break;
        case VOID: {
          const fine = plan.points[k] * namesOf(k).length * Math.round(ctx.rules.guard.yuan_per_point * 100);
          if (made[k] === 1 && fundTotals(db).balanceFen >= fine) write.voidNotice(k, '队员记错,重新开单', t);
          break;
        }
        default: {
          const amountFen = 5000;
          if (fundTotals(db).balanceFen >= amountFen) {
            write.reward({ guard: pick(NAMES.slice(0, 10)), amountFen, reason: pick(['协助抓获盗窃嫌疑人', '拾金不昧', '季度考核无扣分', '及时处置火情']), by: COMPANY_SIGNERS[0], at: t });
          }
        }
      }
      if (kinds[e] !== REWARD && --left[k] === 0) write.done(k);
      opts.progress.tick();
    }
  });
  void guards;
}

/** The pay sheet of the last complete month and the fund. */
export function printGuardDemo(ctx: Context): void {
  const today = dateOf(ctx.now, ctx.tz);
  const y = today.m === 1 ? today.y - 1 : today.y;
  const m = today.m === 1 ? 12 : today.m - 1;
  renderMonth(ctx, monthSheet(ctx, ctx.db(), monthPeriod(y, m, ctx.tz)));
  ctx.io.out('\n');
  renderFund(ctx, fund(ctx.db(), undefined, ctx.now), auditHead(ctx.db(), ctx.now));
}
