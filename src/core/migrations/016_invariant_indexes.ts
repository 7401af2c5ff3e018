// Indexes for `db check` at scale (issue 14). tickets_breaches: the tickets that break a stored invariant (the
// three of ticket/store-report.ts BREACHES; should be none). With it the check reads this index's
// few entries instead of every ticket; it holds every column they read (covering: SQLite then
// prefers it to a pass over the table, with no statistics to say how few its entries are). Its WHERE is the invariants' own text, OR-ed: a query whose
// WHERE holds that very term may use it (the plan tests say so). Trusting it is safe: SQLite keeps
// it on every write, also one made with the sqlite3 shell, and an index that disagrees with its
// table is what `db check`'s integrity_check reports.
export const sql = `
CREATE INDEX tickets_breaches ON tickets (id, status, responded_at, resolved_at, signed_at, deadline, response_kind, void_reason) WHERE (responded_at IS NOT NULL AND response_kind NOT IN ('onsite', 'reply', 'written'))
  OR (signed_at IS NOT NULL AND (resolved_at IS NULL OR resolved_at > signed_at))
  OR ((status IN ('responded','resolved','signed','approved') AND responded_at IS NULL)
       OR (status IN ('resolved','signed','approved') AND resolved_at IS NULL)
       OR (status = 'approved' AND signed_at IS NULL)
       OR (status = 'void' AND void_reason IS NULL));
-- the expense check's advances: only tickets with one, and no wide ticket row read (store-service.ts)
CREATE INDEX tickets_loans ON tickets (id, loan_fen) WHERE loan_fen > 0;
`;
