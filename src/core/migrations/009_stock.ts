// The stock module's tables (SPEC §3). Instants are INTEGER epoch ms (UTC); money is integer fen.
// Every movement of a part is a row of stock_moves (one or two per slip) keyed by
// (part, loc, quality); stock_balances holds the book balance of each key, which must always
// equal the sum of its movements (db check). The index stock_moves_run serves the
// "never below zero at any point in time" check: the movements of one key after a moment are an
// index range, in the order (at, id) the running balance is taken in.
// Each step stores when it happened (*_at) and when it was entered (*_entered_at, SPEC §0).
export const sql = `
CREATE TABLE stock_parts (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  spec       TEXT,
  unit       TEXT NOT NULL,
  price_fen  INTEGER NOT NULL CHECK (price_fen >= 0),
  supplier   TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE stock_slips (
  id          TEXT PRIMARY KEY,                 -- S2026-0001
  kind        TEXT NOT NULL CHECK (kind IN ('receive','quality','issue','oldpart','return','transfer','dispose','count','ship')),
  part        TEXT NOT NULL REFERENCES stock_parts(code),
  qty         INTEGER NOT NULL CHECK (qty >= 0),
  from_loc    TEXT,
  to_loc      TEXT,
  quality     TEXT CHECK (quality IN ('ok','pending','rejected')),
  person      TEXT,                             -- keeper, inspector, handler, counter ...
  approver    TEXT,                             -- count adjustment, shipping
  source      TEXT,                             -- supplier / where it came from
  doc         TEXT,                             -- the document it came with (依据票据)
  requisition TEXT,                             -- Q2026-0001 (issue, oldpart, return, ship; receive --against)
  ref_slip    TEXT,                             -- the pending receipt a quality slip inspects
  how         TEXT CHECK (how IN ('scrap','supplier')),
  month       TEXT,                             -- the month of old parts a dispose slip clears
  counted     INTEGER,
  book        INTEGER,
  cost_fen    INTEGER CHECK (cost_fen >= 0),
  reason      TEXT,
  note        TEXT,
  at          INTEGER NOT NULL,
  entered_at  INTEGER NOT NULL,
  late        TEXT,
  created_by  TEXT NOT NULL,
  voided_at   INTEGER,                          -- a void reverses the slip's movements at their own time
  void_reason TEXT
) STRICT;
CREATE INDEX stock_slips_kind ON stock_slips (kind, at);
CREATE INDEX stock_slips_requisition ON stock_slips (requisition) WHERE requisition IS NOT NULL;
CREATE INDEX stock_slips_count ON stock_slips (part, to_loc, at) WHERE kind = 'count';
-- the slips entered late (补录), counted by report stock (late_entries)
CREATE INDEX stock_slips_late ON stock_slips (entered_at) WHERE late IS NOT NULL;

CREATE TABLE stock_moves (
  id         INTEGER PRIMARY KEY,
  slip       TEXT NOT NULL REFERENCES stock_slips(id),
  part       TEXT NOT NULL,
  loc        TEXT NOT NULL,
  quality    TEXT NOT NULL CHECK (quality IN ('ok','pending','rejected')),
  at         INTEGER NOT NULL,
  entered_at INTEGER NOT NULL,
  qty        INTEGER NOT NULL CHECK (qty <> 0)
) STRICT;
CREATE INDEX stock_moves_run ON stock_moves (part, loc, quality, at, qty);
CREATE INDEX stock_moves_slip ON stock_moves (slip);

CREATE TABLE stock_balances (
  part    TEXT NOT NULL,
  loc     TEXT NOT NULL,
  quality TEXT NOT NULL,
  qty     INTEGER NOT NULL CHECK (qty >= 0),
  PRIMARY KEY (part, loc, quality)
) STRICT, WITHOUT ROWID;

CREATE TABLE stock_requisitions (
  id                 TEXT PRIMARY KEY,          -- Q2026-0001
  ticket             TEXT NOT NULL,
  part               TEXT NOT NULL REFERENCES stock_parts(code),
  qty                INTEGER NOT NULL CHECK (qty > 0),
  from_loc           TEXT NOT NULL,
  requester          TEXT NOT NULL,
  opinion            TEXT,
  status             TEXT NOT NULL CHECK (status IN ('pending','approved','issued','written_off','void')),
  requested_at       INTEGER NOT NULL,
  requested_entered  INTEGER NOT NULL,
  approver           TEXT,
  approved_at        INTEGER,
  approved_entered   INTEGER,
  issued             INTEGER NOT NULL DEFAULT 0 CHECK (issued >= 0),
  issued_at          INTEGER,
  issued_entered     INTEGER,
  old_part_days      INTEGER,                   -- the rule's days for the old part, as in force at the issue
  old_back           INTEGER NOT NULL DEFAULT 0 CHECK (old_back >= 0),
  old_back_at        INTEGER,
  returned           INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0),
  returned_at        INTEGER,
  ship_slip          TEXT,
  receipt            TEXT,
  paid_at            INTEGER,
  written_off_at     INTEGER,
  written_off_entered INTEGER,
  write_off_basis    TEXT CHECK (write_off_basis IN ('report','shipping','paid')),
  CHECK (old_back + returned <= issued)
) STRICT;
CREATE INDEX stock_requisitions_ticket ON stock_requisitions (ticket);
-- the live requisitions (pending, approved, issued) by status: the sweep and the reports read only those
CREATE INDEX stock_requisitions_status ON stock_requisitions (status, requested_at);

-- which old-part slips a dispose slip took out of \`old\`
CREATE TABLE stock_disposed (
  oldpart_slip TEXT PRIMARY KEY REFERENCES stock_slips(id),
  dispose_slip TEXT NOT NULL REFERENCES stock_slips(id)
) STRICT, WITHOUT ROWID;

CREATE TABLE stock_claims (
  id              TEXT PRIMARY KEY,             -- C2026-0001
  ticket          TEXT NOT NULL,
  part            TEXT NOT NULL REFERENCES stock_parts(code),
  supplier        TEXT NOT NULL,
  oldpart_slip    TEXT NOT NULL REFERENCES stock_slips(id),   -- the old part that is the evidence
  claimed_fen     INTEGER NOT NULL CHECK (claimed_fen > 0),
  recovered_fen   INTEGER CHECK (recovered_fen >= 0 AND recovered_fen <= claimed_fen),
  status          TEXT NOT NULL CHECK (status IN ('open','submitted','accepted','rejected','paid')),
  opened_at       INTEGER NOT NULL,
  opened_entered  INTEGER NOT NULL,
  submitted_at    INTEGER,
  decided_at      INTEGER,
  paid_at         INTEGER,
  changed_entered INTEGER
) STRICT;
CREATE INDEX stock_claims_oldpart ON stock_claims (oldpart_slip, status);
`;
