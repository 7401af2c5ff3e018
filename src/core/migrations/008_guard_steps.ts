// SPEC §0 and §4 for the guard module (issue 9): every step keeps when it happened and when it
// was entered (so `--now` on a read counts only what had been entered by then), rewards can be
// voided, and a dismissal flag can be settled without dismissing (guard keep). Issuing a month's
// pay sheet (guard month --issue) closes the month in the core's closed_months.
// Rows written before this migration take their happened time as their entry time.
export const sql = `
ALTER TABLE guards ADD COLUMN entered_at INTEGER;
ALTER TABLE guards ADD COLUMN dismiss_entered_at INTEGER;
UPDATE guards SET entered_at = created_at;
UPDATE guards SET dismiss_entered_at = dismissed_at WHERE dismissed_at IS NOT NULL;

ALTER TABLE guard_notices ADD COLUMN company_entered_at INTEGER;
ALTER TABLE guard_notices ADD COLUMN property_entered_at INTEGER;
ALTER TABLE guard_notices ADD COLUMN effective_entered_at INTEGER;
ALTER TABLE guard_notices ADD COLUMN void_entered_at INTEGER;
UPDATE guard_notices SET company_entered_at = company_signed_at, property_entered_at = property_signed_at,
  effective_entered_at = effective_at, void_entered_at = voided_at;

ALTER TABLE guard_rewards ADD COLUMN entered_at INTEGER;
ALTER TABLE guard_rewards ADD COLUMN voided_at INTEGER;
ALTER TABLE guard_rewards ADD COLUMN void_entered_at INTEGER;
ALTER TABLE guard_rewards ADD COLUMN void_reason TEXT;
UPDATE guard_rewards SET entered_at = at;

-- a fund move counts from 'at'; it was entered at entered_at (a reward's void is a 'reversal'
-- with reward_id set)
ALTER TABLE guard_fund ADD COLUMN entered_at INTEGER;
-- the ledger refuses updates (append-only): lifted for this one fill of the new column
DROP TRIGGER guard_fund_no_update;
UPDATE guard_fund SET entered_at = at;
CREATE TRIGGER guard_fund_no_update BEFORE UPDATE ON guard_fund
BEGIN SELECT RAISE(ABORT, 'the fund ledger is append-only'); END;

-- guard keep: a dismissal flag settled without dismissing (triggers up to 'at' are settled)
CREATE TABLE guard_keeps (
  seq        INTEGER PRIMARY KEY,
  guard_id   TEXT NOT NULL REFERENCES guards (id),
  at         INTEGER NOT NULL,
  entered_at INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  by         TEXT NOT NULL
) STRICT;

`;
