// db check's ticket invariants read the partial index tickets_breaches (migration 16, issue 14):
// the findings must be those of a plain pass over every ticket (the reference below, with the
// conditions as they stood before the index), for each kind of inconsistent row written behind
// kaohe's back, and with the index dropped too.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/core/db.js';
import { breachIdsSql, type Breach } from '../../src/ticket/store-report.js';
import { EXPENSE_BREACH } from '../../src/ticket/store-service.js';
import { ticketInvariants } from '../../src/ticket/views.js';
import { testContext } from '../helpers.js';
import { keptDemo } from '../demo-fixture.js';
import { changedCopy } from '../audit/behind-kaohe.js';

/** The conditions as a plain pass over the table checked them before tickets_breaches. */
const REFERENCE: Record<Breach, string> = {
  responded_has_deadline: "responded_at IS NOT NULL AND (deadline IS NULL OR response_kind NOT IN ('onsite', 'reply', 'written'))",
  signed_after_resolved: 'signed_at IS NOT NULL AND (resolved_at IS NULL OR resolved_at > signed_at)',
  status_matches_times: `(status IN ('responded','resolved','signed','approved') AND responded_at IS NULL)
       OR (status IN ('resolved','signed','approved') AND resolved_at IS NULL)
       OR (status = 'approved' AND signed_at IS NULL)
       OR (status = 'void' AND void_reason IS NULL)`,
};

let demo = '';
beforeAll(async () => {
  demo = await keptDemo('inv', { now: '2026-11-30 09:00', months: 3, seed: 7, tickets: 80 });
});

/** A copy of the demo with `sql` run behind kaohe's back (CHECK constraints off, as the shell can). */
function tampered(sql: string): string {
  return changedCopy(demo, (raw) => {
    raw.pragma('ignore_check_constraints = ON');
    raw.exec(sql);
  });
}

/** The findings the plain pass gave: ticketInvariants' detail text for each breach. */
function reference(file: string): Record<string, string> {
  const raw = new Database(file, { readonly: true });
  try {
    const out: Record<string, string> = {};
    for (const [k, w] of Object.entries(REFERENCE)) {
      const ids = (raw.prepare(`SELECT id FROM tickets NOT INDEXED WHERE ${w} ORDER BY id`).pluck().all() as string[]);
      out[`ticket.${k}`] = ids.length === 0 ? 'ok' : `${ids.length}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
    }
    return out;
  } finally {
    raw.close();
  }
}

function findings(file: string): Record<string, string> {
  const db = openDb(file, 'read');
  try {
    return Object.fromEntries(ticketInvariants(db).filter((i) => i.name !== 'ticket.expense_settles_advance').map((i) => [i.name, String(i.detail)]));
  } finally {
    db.close();
  }
}

const pick = (where: string, n = 1) => `SELECT id FROM tickets WHERE ${where} ORDER BY id LIMIT ${n}`;

describe('ticket invariants: the few breaking tickets from tickets_breaches, the findings of a plain pass', () => {
  it('the demo holds every status the cases below break, and breaks nothing', () => {
    const raw = new Database(demo, { readonly: true });
    const statuses = raw.prepare('SELECT DISTINCT status FROM tickets').pluck().all();
    raw.close();
    expect(statuses).toEqual(expect.arrayContaining(['dispatched', 'resolved', 'signed', 'approved', 'void']));
    expect(findings(demo)).toEqual({ 'ticket.responded_has_deadline': 'ok', 'ticket.signed_after_resolved': 'ok', 'ticket.status_matches_times': 'ok' });
  });

  const cases: Array<[string, string, string]> = [
    ['a response of a kind with no deadline', `UPDATE tickets SET response_kind = 'phone' WHERE id IN (${pick('responded_at IS NOT NULL')})`, 'ticket.responded_has_deadline'],
    ['signed before it was resolved', `UPDATE tickets SET signed_at = resolved_at - 1 WHERE id IN (${pick('signed_at IS NOT NULL')})`, 'ticket.signed_after_resolved'],
    ['signed, never resolved (and so resolved status without the time)', `UPDATE tickets SET resolved_at = NULL WHERE id IN (${pick("status = 'signed'")})`, 'ticket.signed_after_resolved'],
    ['resolved without a response', `UPDATE tickets SET responded_at = NULL WHERE id IN (${pick("status = 'resolved'")})`, 'ticket.status_matches_times'],
    ['approved without a signature', `UPDATE tickets SET signed_at = NULL WHERE id IN (${pick("status = 'approved'")})`, 'ticket.status_matches_times'],
    ['void without a reason', `UPDATE tickets SET void_reason = NULL WHERE id IN (${pick("status = 'void'")})`, 'ticket.status_matches_times'],
    ['seven tickets broken: five named, and how many', `UPDATE tickets SET status = 'approved', signed_at = NULL WHERE id IN (${pick("status IN ('signed', 'approved')", 7)})`, 'ticket.status_matches_times'],
    ['a ticket broken two ways', `UPDATE tickets SET response_kind = 'phone', signed_at = NULL, status = 'approved' WHERE id IN (${pick("status = 'approved'")})`, 'ticket.status_matches_times'],
  ];
  for (const [name, sql, broken] of cases) {
    it(name, () => {
      const file = tampered(sql);
      const want = reference(file);
      expect(want[broken]).not.toBe('ok');
      if (name.startsWith('seven')) expect(want[broken]).toMatch(/^7: (T\d{4}-\d{4}, ){4}T\d{4}-\d{4}, …$/);
      expect(findings(file)).toEqual(want);
      // an index dropped behind kaohe's back: the same findings, by a pass over the table
      const raw = new Database(file);
      raw.exec('DROP INDEX tickets_breaches');
      raw.close();
      expect(findings(file)).toEqual(want);
    });
  }
});

describe('ticket invariants: query plans (issue 14)', () => {
  const planOf = (sql: string) => {
    const db = testContext().ctx.db();
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail);
  };
  // the counts: test/report/query-plans.test.ts
  it.each(Object.keys(REFERENCE))('the first ids of %s come from tickets_breaches in id order (no sort, no walk of the primary key)', (k) => {
    expect(planOf(breachIdsSql(k as Breach))).toEqual(['SCAN tickets USING COVERING INDEX tickets_breaches']);
  });
});

/** The expense check as it stood before tickets_loans: a join of each claim with its ticket. */
const EXPENSE_REFERENCE = `SELECT e.ticket_id FROM ticket_expenses e NOT INDEXED JOIN tickets t NOT INDEXED ON t.id = e.ticket_id
  WHERE e.approved_at IS NOT NULL AND (e.settlement_fen != t.loan_fen - (e.travel_fen + e.lodging_fen + e.freight_fen + e.other_fen)
    OR EXISTS (SELECT 1 FROM ticket_assignees a WHERE a.ticket_id = e.ticket_id AND a.name = e.approved_by)) ORDER BY e.ticket_id`;

describe('the expense check: one pass over the claims, advances from tickets_loans, the findings of the join', () => {
  const expenseFinding = (file: string) => {
    const db = openDb(file, 'read');
    try {
      return ticketInvariants(db).find((i) => i.name === 'ticket.expense_settles_advance')!.detail;
    } finally {
      db.close();
    }
  };
  const referenceFinding = (file: string) => {
    const raw = new Database(file, { readonly: true });
    const ids = raw.prepare(EXPENSE_REFERENCE).pluck().all() as string[];
    raw.close();
    return ids.length === 0 ? 'ok' : `${ids.length}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
  };
  const approved = (n = 1) => `SELECT ticket_id FROM ticket_expenses WHERE approved_at IS NOT NULL ORDER BY ticket_id LIMIT ${n}`;

  it('the demo has approved claims on advances, and none is broken', () => {
    const raw = new Database(demo, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM ticket_expenses e JOIN tickets t ON t.id = e.ticket_id WHERE e.approved_at IS NOT NULL AND t.loan_fen > 0').pluck().get()).toBeGreaterThan(1);
    raw.close();
    expect(expenseFinding(demo)).toBe('ok');
  });

  const cases: Array<[string, string]> = [
    ['a settlement changed', `UPDATE ticket_expenses SET settlement_fen = settlement_fen + 1 WHERE ticket_id IN (${approved()})`],
    ['the advance changed on the ticket', `UPDATE tickets SET loan_fen = loan_fen + 100 WHERE id IN (${approved()})`],
    ['the advance set to 0 (no entry in tickets_loans)', `UPDATE tickets SET loan_fen = 0 WHERE id IN (${approved()})`],
    ['the advance 0 and the settlement made to fit it', `UPDATE tickets SET loan_fen = 0 WHERE id IN (${approved()}); UPDATE ticket_expenses SET settlement_fen = -(travel_fen + lodging_fen + freight_fen + other_fen) WHERE ticket_id IN (${approved()})`],
    ['a negative advance (CHECK off; integrity_check names it too)', `UPDATE tickets SET loan_fen = -5 WHERE id IN (${approved()})`],
    ['approved by one who travelled', `UPDATE ticket_expenses SET approved_by = (SELECT name FROM ticket_assignees a WHERE a.ticket_id = ticket_expenses.ticket_id LIMIT 1) WHERE ticket_id IN (${approved()})`],
    ['six claims broken', `UPDATE ticket_expenses SET settlement_fen = 0 WHERE ticket_id IN (${approved(6)})`],
    ['a claim whose ticket is gone (the foreign key check names it; this check never did)', `PRAGMA foreign_keys = OFF; UPDATE ticket_expenses SET ticket_id = 'T1999-0001', settlement_fen = 1 WHERE ticket_id IN (${approved()})`],
  ];
  for (const [name, sql] of cases) {
    it(name, () => {
      const file = tampered(sql);
      expect(expenseFinding(file)).toBe(referenceFinding(file));
      if (!name.includes('fit') && !name.includes('gone')) expect(expenseFinding(file)).not.toBe('ok');
    });
  }

  it('plan: the claims scanned once, the ticket probed by key, the advance from tickets_loans alone', () => {
    const db = testContext().ctx.db();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM ${EXPENSE_BREACH.from} WHERE ${EXPENSE_BREACH.where}`).all() as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual(['SCAN e']);
    expect(plan).toContain('SEARCH t USING COVERING INDEX tickets_loans (id=? AND loan_fen>?) LEFT-JOIN');
    expect(plan).toContain('SEARCH s EXISTS USING COVERING INDEX sqlite_autoindex_tickets_1 (id=?)');
  });
});
