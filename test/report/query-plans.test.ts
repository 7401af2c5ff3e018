// The query plans that keep the reports linear in what they show (issue 14): each report section
// and list reads an index range of its period (db check: the partial index of breaking tickets).
// A change that brings a scan of all history back fails here, not months later at a customer's.
import { describe, expect, it } from 'vitest';
import { GUARD_TOTALS_SQL, NOTICE_STATES_SQL, RULE_TOTALS_SQL } from '../../src/guard/store-report.js';
import { BADLY_SIGNED_SQL, FUND_SQL, LOWEST_FUND_SQL, RECOMPUTED_FUND_SQL } from '../../src/guard/store.js';
import { RANGE_SQL } from '../../src/guard/store-range.js';
import { MONTH_FACTS_SQL, MONTH_SUMS_SQL } from '../../src/guard/store-sheet.js';
import { BREACH_COUNT_SQL, LIST_ENTERED_SQL, LIST_SQL, SLA_SQL } from '../../src/ticket/store-report.js';
import { testContext } from './../helpers.js';

function planOf(sql: string, params: Record<string, unknown> = {}): string[] {
  const tc = testContext();
  const db = tc.ctx.db();
  // only the parameters the statement names are bound
  const named = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(named) as Array<{ detail: string }>).map((r) => r.detail);
}

const period = { start: 1, end: 2, now: 3, satisfied: 4, asOf: 3, status: null, fault: null, assignee: null, overdue: 3, customer: null, vehicle: null };

describe('report and list queries read their period through an index', () => {
  it.each([
    ['report sla', SLA_SQL.period],
    ['report sla --by fault', SLA_SQL.byFault],
    ['report sla --by assignee', SLA_SQL.byAssignee],
  ])('%s: a range of tickets_sla, and each ticket probes its complaints by ticket (never every complaint)', (_name, sql) => {
    const plan = planOf(sql, period);
    expect(plan).toContain('SEARCH t USING COVERING INDEX tickets_sla (reported_at>? AND reported_at<?)');
    expect(plan).toContain('SEARCH c USING INDEX ticket_complaints_ticket (ticket_id=?)');
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('ticket list --month: a range of tickets_sla, assignees by primary key', () => {
    const plan = planOf(LIST_SQL.period, period);
    expect(plan).toContain('SEARCH t USING INDEX tickets_sla (reported_at>? AND reported_at<?)');
    expect(plan).toContain('SEARCH a USING PRIMARY KEY (ticket_id=?)');
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('ticket list (default scope): what is open from before the month, by the partial index of unfinished tickets', () => {
    const plan = planOf(LIST_SQL.openEarlier, { ...period, open: 1 });
    expect(plan.some((d) => d.startsWith('SEARCH t USING INDEX tickets_unfinished (reported_at<?)'))).toBe(true);
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('ticket list --month --now (as of an earlier moment): a range of tickets_sla, not all of it', () => {
    // one query with an OR of the two parts walked every ticket ever made (issue 14)
    const plan = planOf(LIST_ENTERED_SQL.period, period);
    expect(plan).toContain('SEARCH t USING INDEX tickets_sla (reported_at>? AND reported_at<?)');
    expect(plan).toContain('SEARCH a USING PRIMARY KEY (ticket_id=?)');
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
    const open = planOf(LIST_ENTERED_SQL.openEarlier, { ...period, open: 1 });
    expect(open).toContain('SEARCH t USING INDEX tickets_sla (reported_at<?)');
    expect(open.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('ticket list --overdue: the partial index of tickets awaiting a response', () => {
    const plan = planOf(LIST_SQL.overdue, period);
    expect(plan.some((d) => d.includes('USING INDEX tickets_awaiting_response'))).toBe(true);
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it.each([
    ['report guard: by guard', GUARD_TOTALS_SQL],
    ['report guard: by rule', RULE_TOTALS_SQL],
    ['report guard: drafts and voids', NOTICE_STATES_SQL],
  ])('%s: a range of guard_notices_at, never every notice', (_name, sql) => {
    const plan = planOf(sql, period);
    expect(plan).toContain('SEARCH n USING INDEX guard_notices_at (at>? AND at<?)');
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('report guard: the fund of a period is a range of guard_fund_at; its balance over all history one plain pass, not the index walked row by row', () => {
    expect(planOf(FUND_SQL.period, period)).toContain('SEARCH guard_fund USING INDEX guard_fund_at (at>? AND at<?)');
    const all = planOf(FUND_SQL.all, period);
    expect(all).toEqual(['SCAN guard_fund']);
  });

  it.each([
    ['guard month: the month\'s notices', RANGE_SQL.between, 'guard_notices'],
    ['guard month: their guards', RANGE_SQL.linesBetween, 'n'],
  ])('%s: a range of guard_notices_at, never every notice', (_name, sql, alias) => {
    const plan = planOf(sql, period);
    expect(plan).toContain(`SEARCH ${alias} USING INDEX guard_notices_at (at>? AND at<?)`);
    if (sql !== RANGE_SQL.between) expect(plan).toContain('SEARCH ng USING INDEX sqlite_autoindex_guard_notice_guards_1 (notice_id=?)');
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('guard month / report monthly: an earlier month\'s carry is one aggregate over its range of guard_notices_at (not the entry-time indexes, not every notice)', () => {
    const plan = planOf(MONTH_SUMS_SQL, { ...period, since: 9 });
    expect(plan).toContain('SEARCH n USING INDEX guard_notices_at (at>? AND at<?)');
    expect(plan).toContain('SEARCH ng USING INDEX sqlite_autoindex_guard_notice_guards_1 (notice_id=?)');
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('guard month / report monthly: the month\'s own notices, their lines in one join over a range of guard_notices_at', () => {
    const plan = planOf(MONTH_FACTS_SQL, period);
    expect(plan).toContain('SEARCH n USING INDEX guard_notices_at (at>? AND at<?)');
    expect(plan).toContain('SEARCH ng USING INDEX sqlite_autoindex_guard_notice_guards_1 (notice_id=?)');
    // the JSON array is built over the ordered lines: the subquery's ORDER BY is planned, not dropped
    expect(plan).toContain('USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY');
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual(['SCAN (subquery-1)']);
  });

  it.each([
    ['the notices of a rule that can dismiss', RANGE_SQL.ofRule, 'guard_notices'],
    ['their guards', RANGE_SQL.linesOfRule, 'n'],
  ])('dismissal flags, %s: a range of guard_notices_rule (rule, then time)', (_name, sql, alias) => {
    const plan = planOf(sql, { rule: 2, before: 5 });
    expect(plan).toContain(`SEARCH ${alias} USING INDEX guard_notices_rule (rule=? AND at<?)`);
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('guard month: the first notice ever is one step of guard_notices_at', () => {
    expect(planOf(RANGE_SQL.first)).toEqual(['SEARCH guard_notices USING COVERING INDEX guard_notices_at']);
  });

  it('guard dismiss: a later notice of the guard, the notices after the date each probing its guards by key', () => {
    const plan = planOf(RANGE_SQL.laterOf, { guard: 'GD001', at: 5 });
    expect(plan).toContain('SEARCH n USING INDEX guard_notices_at (at>?)');
    expect(plan.some((d) => d.includes('COVERING INDEX sqlite_autoindex_guard_notice_guards_1 (notice_id=? AND guard_id=?)'))).toBe(true);
    expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
  });

  it('guard month / report guard with months closed: the notices entered late, by the two partial indexes of entry times', () => {
    for (const sql of [RANGE_SQL.late, RANGE_SQL.linesLate]) {
      const plan = planOf(sql, { since: 1, before: 5 });
      expect(plan.some((d) => d.includes('USING INDEX guard_notices_effective_entered (effective_entered_at>?)'))).toBe(true);
      expect(plan.some((d) => d.includes('USING INDEX guard_notices_void_entered (void_entered_at>?)'))).toBe(true);
      expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
    }
  });

  it('guard notices --status draft / a month\'s drafts from before it: the drafts by guard_notices_status', () => {
    for (const sql of [RANGE_SQL.drafts, RANGE_SQL.linesDrafts]) {
      const plan = planOf(sql, { before: 5 });
      expect(plan.some((d) => d.includes('USING INDEX guard_notices_status (status=?)'))).toBe(true);
      expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
    }
  });

  it('guard check: the drafts as of now, by the status index and the two partial indexes of entry times', () => {
    for (const sql of [RANGE_SQL.draftsAsOf, RANGE_SQL.linesDraftsAsOf]) {
      const plan = planOf(sql, { now: 3 });
      expect(plan.some((d) => d.includes('USING INDEX guard_notices_status (status=? AND created_at<?)'))).toBe(true);
      expect(plan.some((d) => d.includes('USING INDEX guard_notices_effective_entered (effective_entered_at>?)'))).toBe(true);
      expect(plan.some((d) => d.includes('USING INDEX guard_notices_void_entered (void_entered_at>?)'))).toBe(true);
      expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
    }
  });

  it('db check: the ticket invariants read the partial index of breaking tickets (migration 16), never every ticket', () => {
    const plan = planOf(BREACH_COUNT_SQL);
    expect(plan).toEqual(['SCAN tickets USING COVERING INDEX tickets_breaches']);
  });

  it('db check: the guard invariants read the effective notices by guard_notices_status and their guards by key, never every notice', () => {
    expect(planOf(RECOMPUTED_FUND_SQL.fines)).toEqual([
      'SEARCH n USING INDEX guard_notices_status (status=?)',
      'SEARCH ng USING INDEX sqlite_autoindex_guard_notice_guards_1 (notice_id=?)',
    ]);
    expect(planOf(BADLY_SIGNED_SQL)).toEqual(['SEARCH guard_notices USING INDEX guard_notices_status (status=?)']);
    expect(planOf(RECOMPUTED_FUND_SQL.rewards)).toEqual(['SCAN guard_rewards']);
    // the fund's balance and its lowest: one pass each (FUND_SQL.all above; guard_fund_at in its order)
    expect(planOf(LOWEST_FUND_SQL)).toContain('SCAN guard_fund USING INDEX guard_fund_at');
  });
});
