// Demo data for `kaohe demo`: a year of parts traffic linked to the demo's tickets, entered at the
// event times through the module's own services (replayed inside the demo's transaction): stock
// received every month, a station supplied, a requisition for every part on a service report,
// old parts back (a few late, a few never), a shipped part, paid services, monthly disposals with
// one month left undisposed, a stocktake with a loss, and secondary claims in every state.
import type { DemoOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { KaoheError } from '../core/errors.js';
import type { Db } from '../core/db.js';
import { monthPeriod } from '../core/period.js';
import { dateOf, isoInZone, MS } from '../core/time.js';
import { stockReport } from './report.js';
import { dispose, openClaim, setClaim } from './service-claim.js';
import { approve, issue, oldPart, paid, request, ship } from './service-req.js';
import { addPart, count, receive, transfer } from './service.js';
import * as store from './store.js';
import { ticketsOfYears } from './ticket-link.js';
import { renderReport } from './view.js';
import { replaying, settle, sweep } from './writeoff.js';

const PARTS: Array<[string, string, number, string]> = [
  ['P-1001', '门泵', 120, '宇通配件'], ['P-1002', '侧窗玻璃', 260, '福耀玻璃'], ['P-1003', '空调滤网', 45, '宇通配件'],
  ['P-2001', '制动分泵', 85.5, '齐鲁制动'], ['P-2002', '转向助力泵', 640, '浙江转向'], ['P-2003', '后桥轴承', 95, '哈尔滨轴承'],
  ['P-3001', '喷油嘴', 310, '潍柴动力'], ['P-3002', '节温器', 70, '潍柴动力'], ['P-3003', '机油泵', 420, '潍柴动力'], ['P-9001', '保险丝', 3, '正泰电器'],
];
const STATION = 'station:哈尔滨服务站';
const KEEPER = '赵库管';
const LEADER = '周经理';

interface Event { t: number; run: () => void }

export function fillStockDemo(ctx: Context, db: Db, opts: DemoOptions): void {
  const rnd = opts.random;
  const iso = (t: number) => isoInZone(t, ctx.tz);
  const today = dateOf(opts.now, ctx.tz);
  let y = today.y;
  let m = today.m - opts.months;
  while (m < 1) { m += 12; y -= 1; }
  const start = monthPeriod(y, m, ctx.tz).start;
  const months: Array<{ y: number; m: number }> = [];
  for (let k = 0; k <= opts.months; k++) months.push({ y: y + Math.floor((m - 1 + k) / 12), m: ((m - 1 + k) % 12) + 1 });
  const events: Event[] = [];
  const at = (t: number, run: () => void) => { if (t < opts.now) events.push({ t, run }); };

  replaying(db, () => {
    PARTS.forEach(([code, name, price, supplier], i) => void addPart(ctx, { code, name, price: String(price), supplier, unit: '件' }, start - 2 * MS.day + i * MS.minute));
    // stock: a first delivery, then one every month; the station gets its own stock
    PARTS.forEach(([code, , , supplier], i) => {
      at(start - MS.day + i * MS.minute, () => void receive(ctx, { part: code, qty: '30', from: supplier, doc: `FP-${1000 + i}`, by: KEEPER, at: iso(start - MS.day + i * MS.minute) }));
      months.slice(1).forEach((mo, k) => {
        const t = monthPeriod(mo.y, mo.m, ctx.tz).start + 2 * MS.day + 9 * MS.hour + i * MS.minute;
        at(t, () => void receive(ctx, { part: code, qty: String(6 + Math.floor(rnd() * 6)), from: supplier, doc: `FP-${2000 + k * 20 + i}`, by: KEEPER, at: iso(t) }));
      });
    });
    for (const code of ['P-1001', 'P-2001', 'P-9001']) {
      const t = start + 10 * MS.day + 10 * MS.hour;
      at(t, () => void transfer(ctx, { part: code, qty: '8', from: 'main', to: STATION, by: KEEPER, at: iso(t) }));
    }

    // a requisition for every part on a service report
    const tickets = ticketsOfYears(db, [...new Set(months.map((x) => x.y))], 800).filter((t) => t.status !== 'void' && t.parts.length > 0 && t.resolvedAt !== null);
    const recent = opts.now - 45 * MS.day;
    let shipped = false;
    let never = 0;
    const claimable: Array<{ ticket: string; part: string; back: number; qty: number }> = [];
    let q = 0;
    for (const t of tickets) {
      for (const p of t.parts) {
        const n = ++q;
        const qid = { id: '' };
        const asked = t.reportedAt + MS.hour + Math.floor(rnd() * 3) * MS.hour;
        const by = t.lead ?? '王强';
        const from = rnd() < 0.15 ? STATION : 'main';
        at(asked, () => { qid.id = request(ctx, { part: p.code, qty: String(p.qty), ticket: t.id, by, from, opinion: `更换${p.code}`, at: iso(asked) }).result.id; });
        at(asked + 30 * MS.minute, () => void approve(ctx, { id: qid.id, by: by === LEADER ? '刘经理' : LEADER, at: iso(asked + 30 * MS.minute) }));
        const issued = asked + MS.hour;
        at(issued, () => {
          try {
            issue(ctx, { id: qid.id, at: iso(issued) });
          } catch (e) {
            if (!(e instanceof KaoheError) || e.key !== 'stock.rule.negative') throw e;
            // not enough on hand: the keeper orders some in first
            receive(ctx, { part: p.code, qty: String(p.qty + 4), to: from, by: KEEPER, doc: `FP-Q${n}`, at: iso(issued - MS.minute) });
            issue(ctx, { id: qid.id, at: iso(issued) });
          }
        });
        const resolved = Math.max(t.resolvedAt!, issued);
        // the write-off, entered when its last condition is met (the sweep of a clerk's next step)
        const settleAt = (done: number, report: number | null) => {
          if (report !== null) at(Math.max(done, report), () => { const r = store.getRequisition(db, qid.id); if (r) settle(ctx, db, r, Math.max(done, report)); });
        };
        if (t.warranty === false) {
          at(resolved + MS.hour, () => void paid(ctx, { id: qid.id, receipt: `SK-${String(n).padStart(4, '0')}`, at: iso(resolved + MS.hour) }));
        } else if (!shipped && n % 7 === 3) {
          shipped = true;
          at(issued + 2 * MS.hour, () => void ship(ctx, { id: qid.id, cost: '45', handler: '孙师傅', approver: LEADER, at: iso(issued + 2 * MS.hour) }));
          settleAt(issued + 2 * MS.hour, t.signedAt);
        } else if (t.reportedAt > recent && never < 3) {
          never += 1; // old parts still out: `stock check` flags them
        } else {
          const late = rnd() < 0.06 ? 35 : 1 + Math.floor(rnd() * 6); // a few come back after the rule's 30 days
          const back = resolved + late * MS.day;
          at(back, () => void oldPart(ctx, { id: qid.id, qty: String(p.qty), by, at: iso(back) }));
          settleAt(back, t.approvedAt);
          if (t.warranty && (t.responsibility === 'product' || t.responsibility === 'supplier')) claimable.push({ ticket: t.id, part: p.code, back, qty: p.qty });
        }
      }
    }

    // secondary claims in every state
    const steps: Array<Array<'submitted' | 'accepted' | 'rejected' | 'paid'>> = [[], ['submitted'], ['submitted', 'accepted'], ['submitted', 'rejected'],
      ['submitted', 'accepted', 'paid'], ['submitted', 'accepted', 'paid'], ['submitted', 'accepted', 'paid']];
    claimable.filter((_, i) => i % 5 === 1).slice(0, steps.length).forEach((c, i) => {
      const [, , price, supplier] = PARTS.find((x) => x[0] === c.part) ?? PARTS[0];
      const opened = c.back + 2 * MS.day;
      const amount = Math.round(price * c.qty * 100) / 100;
      const cid = { id: '' };
      at(opened, () => { cid.id = openClaim(ctx, { supplier, ticket: c.ticket, part: c.part, amount: amount.toFixed(2), at: iso(opened) }).result.id; });
      steps[i].forEach((status, k) => {
        const t = opened + (k + 1) * 6 * MS.day;
        const recovered = status === 'paid' ? (i === 4 ? amount * 0.8 : amount).toFixed(2) : undefined;
        at(t, () => void setClaim(ctx, { id: cid.id, status, recovered, at: iso(t) }));
      });
    });

    // old parts disposed of monthly — except one month, left for `stock check`; scrapped unless a live claim holds one
    const undisposed = months.length - 4;
    months.slice(0, -1).forEach((mo, k) => {
      if (k === undisposed) return;
      const next = months[k + 1];
      const t = monthPeriod(next.y, next.m, ctx.tz).start + 7 * MS.day + 15 * MS.hour;
      const label = `${mo.y}-${String(mo.m).padStart(2, '0')}`;
      at(t, () => {
        try {
          dispose(ctx, { month: label, how: 'scrap', by: KEEPER, at: iso(t) });
        } catch (e) {
          if (!(e instanceof KaoheError) || e.key !== 'stock.rule.claim_evidence') throw e;
          dispose(ctx, { month: label, how: 'supplier', supplier: '宇通配件', by: KEEPER, at: iso(t) });
        }
      });
    });

    // a stocktake that finds one fuse missing
    const countMonth = months[Math.max(0, months.length - 3)];
    const counted = monthPeriod(countMonth.y, countMonth.m, ctx.tz).end - 6 * MS.hour;
    at(counted, () => {
      const book = store.balanceAt(db, 'P-9001', 'main', counted);
      count(ctx, { part: 'P-9001', loc: 'main', counted: String(Math.max(0, book - 1)), reason: '月末盘点短少', by: LEADER, at: iso(counted) });
    });

    events.sort((a, b) => a.t - b.t);
    for (const e of events) {
      try {
        e.run();
      } catch (err) {
        // a step the rules refuse (not enough on hand that day, nothing to dispose of) is left out,
        // as a clerk's would be
        if (!(err instanceof KaoheError)) throw err;
      }
      opts.progress.tick();
    }
    sweep(ctx, db, opts.now);
  });
}

export function printStockDemo(ctx: Context): void {
  ctx.io.out('\n');
  renderReport(ctx, stockReport(ctx, ctx.db()));
}
