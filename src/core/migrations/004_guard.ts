// The guard module's tables (SPEC §4, 篇2). Times are epoch ms (UTC), money integer fen.
// A notice keeps the points and the fine per point in force when it was written (rules snapshot);
// its signatures are written once (triggers below); nothing is ever deleted.
export const sql = `
CREATE TABLE guards (
  id             TEXT PRIMARY KEY,          -- GD001
  name           TEXT NOT NULL,
  company        TEXT NOT NULL,             -- 保安服务公司
  site           TEXT NOT NULL,             -- 物业小区
  base_pay_fen   INTEGER NOT NULL CHECK (base_pay_fen >= 0),
  hired          TEXT,                      -- YYYY-MM-DD, local calendar date
  status         TEXT NOT NULL CHECK (status IN ('active', 'dismissed')),
  dismissed_at   INTEGER,
  dismiss_reason TEXT,
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX guards_name ON guards (name);

CREATE TABLE guard_notices (
  id                  TEXT PRIMARY KEY,     -- G2026-0001, year of the violation in the configured zone
  rule                INTEGER NOT NULL,
  points              INTEGER NOT NULL CHECK (points >= 0),   -- per guard
  fen_per_point       INTEGER NOT NULL CHECK (fen_per_point >= 0),
  at                  INTEGER NOT NULL,     -- when the violation happened
  inspector           TEXT NOT NULL,
  kind                TEXT NOT NULL CHECK (kind IN ('periodic', 'spot')),
  compensation_fen    INTEGER NOT NULL DEFAULT 0 CHECK (compensation_fen >= 0),
  note                TEXT,
  status              TEXT NOT NULL CHECK (status IN ('draft', 'effective', 'void')),
  company_by          TEXT,
  company_signed_at   INTEGER,
  property_by         TEXT,
  property_signed_at  INTEGER,
  effective_at        INTEGER,
  void_reason         TEXT,
  voided_at           INTEGER,
  created_at          INTEGER NOT NULL,
  created_by          TEXT NOT NULL
) STRICT;
CREATE INDEX guard_notices_at ON guard_notices (at);
CREATE INDEX guard_notices_status ON guard_notices (status, created_at);

CREATE TABLE guard_notice_guards (
  notice_id        TEXT NOT NULL REFERENCES guard_notices (id),
  guard_id         TEXT NOT NULL REFERENCES guards (id),
  points           INTEGER NOT NULL CHECK (points >= 0),
  fine_fen         INTEGER NOT NULL CHECK (fine_fen >= 0),
  compensation_fen INTEGER NOT NULL CHECK (compensation_fen >= 0),
  PRIMARY KEY (notice_id, guard_id)
) STRICT;
CREATE INDEX guard_notice_guards_guard ON guard_notice_guards (guard_id);

CREATE TABLE guard_rewards (
  id         TEXT PRIMARY KEY,              -- GR2026-0001
  guard_id   TEXT NOT NULL REFERENCES guards (id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  reason     TEXT NOT NULL,
  by         TEXT NOT NULL,
  at         INTEGER NOT NULL
) STRICT;
CREATE INDEX guard_rewards_at ON guard_rewards (at);

-- 罚款资金 一(六): every move of the fine fund; the balance is the sum of amount_fen
CREATE TABLE guard_fund (
  seq        INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('fine', 'reversal', 'reward')),
  amount_fen INTEGER NOT NULL,              -- + in, - out
  notice_id  TEXT REFERENCES guard_notices (id),
  reward_id  TEXT REFERENCES guard_rewards (id)
) STRICT;
CREATE INDEX guard_fund_at ON guard_fund (at);

CREATE TRIGGER guard_sign_once_company BEFORE UPDATE OF company_by ON guard_notices
WHEN OLD.company_by IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a signature is written once'); END;
CREATE TRIGGER guard_sign_once_property BEFORE UPDATE OF property_by ON guard_notices
WHEN OLD.property_by IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a signature is written once'); END;
CREATE TRIGGER guard_notices_no_delete BEFORE DELETE ON guard_notices
BEGIN SELECT RAISE(ABORT, 'notices are voided, never deleted'); END;
CREATE TRIGGER guard_fund_no_update BEFORE UPDATE ON guard_fund
BEGIN SELECT RAISE(ABORT, 'the fund ledger is append-only'); END;
CREATE TRIGGER guard_fund_no_delete BEFORE DELETE ON guard_fund
BEGIN SELECT RAISE(ABORT, 'the fund ledger is append-only'); END;
`;
