// Demo data for `kaohe demo`: one security company, one property site, a dozen guards and the
// given months of notices (mostly effective, a few drafts waiting, one void, one guard who has
// reached a dismissal trigger), and a few rewards. Written through the service's apply* functions
// inside the demo's open transaction, one audit row per change at the simulated time; a load test
// of the notices (`--notices` above NOTICE_HISTORY_MAX) takes the same events, drawn the same way,
// through demo-bulk.ts instead: the same rules in memory, each row written once, logged as a baseline.
import { auditHead } from '../core/audit.js';
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import type { Db } from '../core/db.js';
import { monthPeriod } from '../core/period.js';
import { addDays, dateOf, formatDate, localToInstant, MS } from '../core/time.js';
import { fund, monthSheet } from './report.js';
import { findRule, type InspectionKind } from './rules.js';
import { bulkWriter } from './demo-bulk.js';
import { applyReward, type RewardInput } from './ledger.js';
import { applyAddGuard, applyDeduct, applySign, applyVoid, onTime, type DeductInput, type SignInput } from './service.js';
import { fundTotals } from './store.js';
import { renderFund, renderMonth } from './view.js';

const COMPANY = '齐铁保安服务公司';
const SITE = '龙华物业小区';
const NAMES = ['张伟', '李强', '王磊', '刘洋', '陈军', '杨帆', '赵刚', '黄勇', '周鹏', '吴超', '孙磊', '马骏'];
const COMPANY_SIGNERS = ['王建国', '刘振华'];
const PROPERTY_SIGNERS = ['陈丽', '赵敏'];
// the everyday rules; 2, 8, 16 (dismissal triggers) are placed on purpose below
const POOL = [1, 1, 1, 3, 4, 4, 5, 6, 7, 9, 9, 10, 10, 11, 11, 12, 13, 14, 15, 17, 18, 19, 20, 22];

interface Event { t: number; run: () => void }

/** Up to this many notices (`kaohe demo --notices N`) every step of every notice is logged at its
 *  time; more is a load test: the notices are written in their final state, logged as a baseline. */
export const NOTICE_HISTORY_MAX = 20_000;

/** What the demo's events do to the records: the services (every change logged at its time), or
 *  for a load test the same rules in memory, written at the end (demo-bulk.ts). Each step is taken
 *  at its own time, entered then (the demo has no late entries). */
export interface GuardDemoWriter {
  /** a new draft notice, entered at `created`; its id */
  deduct(input: DeductInput, created: number): string;
  sign(input: SignInput): void;
  voidNotice(id: string, reason: string, at: number): void;
  reward(input: RewardInput): void;
  /** the fund's balance after the steps so far */
  balanceFen(): number;
  /** after the last step */
  finish(): void;
}

function serviceWriter(ctx: Context, db: Db): GuardDemoWriter {
  return {
    deduct: (input, created) => applyDeduct(ctx, db, input, onTime(created)).id,
    sign: (input) => void applySign(ctx, db, input, onTime(input.at)),
    voidNotice: (id, reason, at) => void applyVoid(ctx, db, id, reason, onTime(at)),
    reward: (input) => void applyReward(ctx, db, input, onTime(input.at)),
    balanceFen: () => fundTotals(db).balanceFen,
    finish: () => undefined,
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

  const write = bulk ? bulkWriter(ctx, db, opts.now) : serviceWriter(ctx, db);
  const events: Event[] = [];
  const notice = (t: number, names: string[], rule: number, opt: { signs?: 0 | 1 | 2; voidIt?: boolean; kind?: InspectionKind } = {}) => {
    const r = findRule(ctx.rules.guard, rule);
    if (!r) return;
    const points = r.points ?? (r.min as number) + Math.floor(rnd() * ((r.max as number) - (r.min as number) + 1));
    const compensationFen = r.compensation ? (20 + Math.floor(rnd() * 60)) * 100 : 0;
    const created = t + MS.hour + Math.floor(rnd() * 5) * MS.hour;
    const ref = { id: '' };
    events.push({ t: created, run: () => {
      ref.id = write.deduct({ guards: names, rule, points, at: t, inspector: pick([...COMPANY_SIGNERS, ...PROPERTY_SIGNERS]), kind: opt.kind ?? (rnd() < 0.4 ? 'periodic' : 'spot'), compensationFen, note: null }, created);
    } });
    const signs = opt.signs ?? 2;
    const c = created + MS.hour * (2 + Math.floor(rnd() * 30));
    const p = c + MS.hour * (1 + Math.floor(rnd() * 30));
    if (signs >= 1) events.push({ t: c, run: () => write.sign({ id: ref.id, side: 'company', by: pick(COMPANY_SIGNERS), at: c }) });
    if (signs >= 2) events.push({ t: p, run: () => write.sign({ id: ref.id, side: 'property', by: pick(PROPERTY_SIGNERS), at: p }) });
    if (opt.voidIt) {
      events.push({ t: p + MS.day, run: () => {
        const fine = points * names.length * Math.round(ctx.rules.guard.yuan_per_point * 100);
        if (ref.id !== '' && write.balanceFen() >= fine) write.voidNotice(ref.id, '队员记错,重新开单', p + MS.day);
      } });
    }
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
    const t = localToInstant(ctx.tz, day.y, day.m, day.d, 10);
    events.push({ t, run: () => {
      const amountFen = 5000;
      if (write.balanceFen() < amountFen) return;
      write.reward({ guard: pick(NAMES.slice(0, 10)), amountFen, reason: pick(['协助抓获盗窃嫌疑人', '拾金不昧', '季度考核无扣分', '及时处置火情']), by: COMPANY_SIGNERS[0], at: t });
    } });
  }

  events.sort((a, b) => a.t - b.t);
  for (const e of events) {
    if (e.t > opts.now) continue;
    e.run();
    opts.progress.tick();
  }
  write.finish();
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
