// The rest of the service report (SPEC §1.2, 篇1 3.4.2–3.4.3) and the history of corrections
// (issue 9). New tables only: the rows of `tickets` keep their after-images in the audit log.
// - ticket_facts: what the warranty verdict rests on (3.4.2 B/C 听·看), written with the
//   resolution (its entry time is the resolution's): running time, mileage, whether the faulty
//   part had been taken apart before (是否被拆过), and a note (required for a warranty "yes" on a
//   part taken apart; the service checks it).
// - ticket_expenses: the trip's expense claim (报销, 3.4.3 D) settling the advance (借款, 3.4.1)
//   taken at dispatch; one per ticket; amounts in fen; the settlement = advance − total, fixed at
//   approval (> 0 returned by the staff, < 0 paid out to them).
// - ticket_revisions: each correction of a ticket's report (ticket edit) with the values BEFORE
//   it (JSON, the report's fields and the deadline they implied) and its entry time, so a read as
//   of an earlier moment recovers what the records said then (SPEC §0 two times).
export const sql = `
CREATE TABLE ticket_facts (
  ticket_id     TEXT PRIMARY KEY REFERENCES tickets(id),
  mileage_km    REAL CHECK (mileage_km >= 0),              -- 运行里程
  running_hours REAL CHECK (running_hours >= 0),           -- 运行时间
  taken_apart   INTEGER NOT NULL CHECK (taken_apart IN (0,1)), -- 是否被拆过
  note          TEXT
) STRICT;

CREATE TABLE ticket_expenses (
  ticket_id           TEXT PRIMARY KEY REFERENCES tickets(id),
  travel_fen          INTEGER NOT NULL CHECK (travel_fen >= 0),   -- 差旅 (fares)
  lodging_fen         INTEGER NOT NULL CHECK (lodging_fen >= 0),  -- 住宿
  freight_fen         INTEGER NOT NULL CHECK (freight_fen >= 0),  -- 邮寄/运费
  other_fen           INTEGER NOT NULL CHECK (other_fen >= 0),
  vouchers            INTEGER NOT NULL CHECK (vouchers >= 0),     -- 凭证张数
  claimed_by          TEXT NOT NULL,
  claimed_at          INTEGER NOT NULL,
  claimed_entered_at  INTEGER NOT NULL,
  approved_by         TEXT,
  approved_at         INTEGER,
  approved_entered_at INTEGER,
  settlement_fen      INTEGER,                                    -- advance − total, at approval
  CHECK ((approved_at IS NULL) = (settlement_fen IS NULL))
) STRICT;
-- ticket check: the advances not yet settled (few)
CREATE INDEX ticket_expenses_unapproved ON ticket_expenses (ticket_id) WHERE approved_at IS NULL;
CREATE INDEX tickets_advance ON tickets (dispatched_at) WHERE loan_fen > 0;

CREATE TABLE ticket_revisions (
  ticket_id  TEXT NOT NULL REFERENCES tickets(id),
  seq        INTEGER NOT NULL,
  at         INTEGER NOT NULL,   -- when the correction was made (--at)
  entered_at INTEGER NOT NULL,   -- when it was entered
  before     TEXT NOT NULL,      -- JSON: the report's values before the correction
  PRIMARY KEY (ticket_id, seq)
) STRICT;
CREATE INDEX ticket_revisions_entered ON ticket_revisions (entered_at);
`;
