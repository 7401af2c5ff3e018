// SPEC §0 "Two times on every step", "Closed months", "Time zone of the file" (issue 9).
// - Beside each step's happened time, its entry time (the clock when it was entered): as-of reports
//   (--now on a read) count only what had been entered by then. Rows already in the file take the
//   entry time of their audit row (the log's `at` was the clock when the step was recorded), else
//   the happened time; a baseline of their new images follows in the log (index.ts).
// - closed_months: each closing and reopening of a month, per module (core/closing.ts).
// - The covering index of `report sla` now holds the entry times it reads.
export const sql = `
ALTER TABLE tickets ADD COLUMN entered_at            INTEGER;  -- the opening entered
ALTER TABLE tickets ADD COLUMN dispatched_entered_at INTEGER;
ALTER TABLE tickets ADD COLUMN responded_entered_at  INTEGER;
ALTER TABLE tickets ADD COLUMN resolved_entered_at   INTEGER;
ALTER TABLE tickets ADD COLUMN feedback_entered_at   INTEGER;
ALTER TABLE tickets ADD COLUMN signed_entered_at     INTEGER;
ALTER TABLE tickets ADD COLUMN approved_entered_at   INTEGER;
ALTER TABLE tickets ADD COLUMN surveyed_entered_at   INTEGER;
ALTER TABLE tickets ADD COLUMN voided_entered_at     INTEGER;
ALTER TABLE ticket_complaints ADD COLUMN entered_at  INTEGER;
ALTER TABLE letters ADD COLUMN replied_entered_at    INTEGER;  -- logged_at is the letter's own entry time
ALTER TABLE letters ADD COLUMN archived_entered_at   INTEGER;
ALTER TABLE letter_notes ADD COLUMN entered_at       INTEGER;

UPDATE tickets SET
  entered_at = max(reported_at, coalesce((SELECT min(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.open'), reported_at)),
  dispatched_entered_at = CASE WHEN dispatched_at IS NULL THEN NULL ELSE max(dispatched_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.dispatch'), dispatched_at)) END,
  responded_entered_at = CASE WHEN responded_at IS NULL THEN NULL ELSE max(responded_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.respond'), responded_at)) END,
  resolved_entered_at = CASE WHEN resolved_at IS NULL THEN NULL ELSE max(resolved_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.resolve'), resolved_at)) END,
  feedback_entered_at = CASE WHEN feedback_at IS NULL THEN NULL ELSE max(feedback_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.feedback'), feedback_at)) END,
  signed_entered_at = CASE WHEN signed_at IS NULL THEN NULL ELSE max(signed_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.sign'), signed_at)) END,
  approved_entered_at = CASE WHEN approved_at IS NULL THEN NULL ELSE max(approved_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.approve'), approved_at)) END,
  surveyed_entered_at = CASE WHEN surveyed_at IS NULL THEN NULL ELSE max(surveyed_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.survey'), surveyed_at)) END,
  voided_entered_at = CASE WHEN voided_at IS NULL THEN NULL ELSE max(voided_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = tickets.id AND a.action = 'ticket.void'), voided_at)) END;
UPDATE ticket_complaints SET entered_at = at;
UPDATE letters SET
  replied_entered_at = CASE WHEN replied_at IS NULL THEN NULL ELSE max(replied_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = letters.id AND a.action = 'letter.reply'), replied_at)) END,
  archived_entered_at = CASE WHEN archived_at IS NULL THEN NULL ELSE max(archived_at, coalesce((SELECT max(coalesce(a.entered_at, a.at)) FROM audit a WHERE a.record_id = letters.id AND a.action = 'letter.archive'), archived_at)) END;
UPDATE letter_notes SET entered_at = at;

DROP INDEX tickets_sla;
CREATE INDEX tickets_sla ON tickets (reported_at, status, voided_entered_at, entered_at, responded_at, responded_entered_at, deadline, survey_rating, surveyed_entered_at, fault);

-- audit late: the late entries (补录) by the step's time; few, so a partial index
CREATE INDEX audit_late ON audit (at) WHERE late IS NOT NULL;

-- SPEC §0 "Closed months": one row per closing; a reopening fills reopened_*. A month is closed
-- for a module when its latest row for that module (or for 'all') has no reopening.
CREATE TABLE closed_months (
  id            INTEGER PRIMARY KEY,
  month         TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  module        TEXT NOT NULL CHECK (module IN ('ticket', 'letter', 'guard', 'stock')),
  closed_at     INTEGER NOT NULL,     -- entry time of the closing: the month's reports are as of it
  closed_by     TEXT NOT NULL,
  head          TEXT NOT NULL,        -- the audit head at closing, seq:hash
  reopened_at   INTEGER,
  reopened_by   TEXT,
  reopen_reason TEXT,
  CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL))
) STRICT;
CREATE INDEX closed_months_module ON closed_months (module, month);
`;
