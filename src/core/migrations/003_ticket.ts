// The ticket module's tables (SPEC §1). Instants are INTEGER epoch ms (UTC); money is integer fen.
// The deadline, response kind and feedback duty are stored when a ticket is opened (rules
// snapshot, SPEC §0): a later change of data/rules.json never rewrites last year's figures.
// letter_id is a plain TEXT link to letters(id); the letter module owns that table.
export const sql = `
CREATE TABLE tickets (
  id                TEXT PRIMARY KEY,                -- T2026-0001
  status            TEXT NOT NULL CHECK (status IN ('open','dispatched','responded','resolved','signed','approved','void')),
  customer          TEXT NOT NULL,                   -- 运营单位
  phone             TEXT NOT NULL,
  contact           TEXT,
  address           TEXT,
  vehicle           TEXT NOT NULL,                   -- 车辆编号
  model             TEXT,                            -- 型号, e.g. XML6125
  fault             TEXT NOT NULL CHECK (fault IN ('body','chassis','engine','other')),
  distance_km       REAL NOT NULL CHECK (distance_km >= 0),
  supplier          INTEGER NOT NULL CHECK (supplier IN (0,1)),
  channel           TEXT NOT NULL,
  description       TEXT,
  letter_id         TEXT,
  reported_at       INTEGER NOT NULL,
  response_kind     TEXT NOT NULL CHECK (response_kind IN ('onsite','reply','written')),
  deadline          INTEGER NOT NULL,
  feedback_required INTEGER NOT NULL CHECK (feedback_required IN (0,1)),
  lead              TEXT,
  loan_fen          INTEGER NOT NULL DEFAULT 0 CHECK (loan_fen >= 0),
  dispatched_at     INTEGER,
  responded_at      INTEGER,
  response_note     TEXT,
  resolved_at       INTEGER,
  cause             TEXT,
  responsibility    TEXT CHECK (responsibility IN ('service','product','supplier','customer','other')),
  warranty          INTEGER CHECK (warranty IN (0,1)),
  warranty_reason   TEXT,
  major             INTEGER NOT NULL DEFAULT 0 CHECK (major IN (0,1)),
  feedback_at       INTEGER,
  feedback_note     TEXT,
  signed_by         TEXT,
  signed_at         INTEGER,
  approved_by       TEXT,
  approved_at       INTEGER,
  survey_rating     INTEGER CHECK (survey_rating BETWEEN 1 AND 5),
  survey_note       TEXT,
  surveyed_at       INTEGER,
  void_reason       TEXT,
  voided_at         INTEGER,
  created_by        TEXT NOT NULL
) STRICT;
-- reports aggregate each period by an index range on reported_at (FIELD-NOTES); the index also
-- covers every column "report sla" reads, so a year of 100 000 tickets never touches the table
CREATE INDEX tickets_sla ON tickets (reported_at, status, voided_at, responded_at, deadline, survey_rating, surveyed_at, fault);
-- deadline checks: the tickets still awaiting their response by deadline, the resolved and not yet
-- approved ones by resolution time (partial: only the few live tickets are indexed)
CREATE INDEX tickets_awaiting_response ON tickets (deadline) WHERE status IN ('open', 'dispatched');
CREATE INDEX tickets_awaiting_closure ON tickets (resolved_at) WHERE status IN ('resolved', 'signed');
-- the choices offered at the prompt (known customers and their vehicles)
CREATE INDEX tickets_customer ON tickets (customer, vehicle);
CREATE INDEX tickets_letter ON tickets (letter_id) WHERE letter_id IS NOT NULL;

CREATE TABLE ticket_assignees (
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  name      TEXT NOT NULL,
  is_lead   INTEGER NOT NULL CHECK (is_lead IN (0,1)),
  PRIMARY KEY (ticket_id, name)
) STRICT, WITHOUT ROWID;
CREATE INDEX ticket_assignees_name ON ticket_assignees (name, ticket_id);

CREATE TABLE ticket_parts (
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  seq       INTEGER NOT NULL,
  code      TEXT NOT NULL,
  qty       INTEGER NOT NULL CHECK (qty > 0),
  reason    TEXT,
  PRIMARY KEY (ticket_id, seq)
) STRICT;

CREATE TABLE ticket_complaints (
  id            INTEGER PRIMARY KEY,
  ticket_id     TEXT NOT NULL REFERENCES tickets(id),
  service_fault INTEGER NOT NULL CHECK (service_fault IN (0,1)),  -- 确属服务责任的
  note          TEXT NOT NULL,
  at            INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_complaints_ticket ON ticket_complaints (ticket_id);
`;
