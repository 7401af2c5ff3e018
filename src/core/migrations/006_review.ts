// The review module's tables (SPEC §5, 篇3 中层管理人员考核方法). Times are epoch ms (UTC), dates
// YYYY-MM-DD local, money integer fen, scores integer tenths of a point (85.5 → 855).
// The roster keeps every change with the date it takes effect; a review keeps its deadlines, and a
// score the weights and bands it was computed with (rules snapshot). Submissions and scores are
// written once (primary keys, triggers); nothing is ever deleted.
export const sql = `
CREATE TABLE review_staff (
  id         TEXT PRIMARY KEY,              -- M001
  name       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) STRICT;

-- one row per change over time: the version in force on a date is the latest valid_from <= date
CREATE TABLE review_staff_versions (
  staff_id        TEXT NOT NULL REFERENCES review_staff (id),
  valid_from      TEXT NOT NULL,            -- YYYY-MM-DD; 1900-01-01 = since before any cycle
  level           TEXT NOT NULL CHECK (level IN ('dept-manager', 'deputy-dept-manager', 'branch-manager', 'deputy-branch-manager', 'section-key')),
  dept            TEXT NOT NULL,
  leader          TEXT NOT NULL,            -- 直接领导, first scorer (初评)
  assessor        TEXT NOT NULL,            -- 考核人, final scorer (审核终评)
  probation_until TEXT,                     -- last day of probation, YYYY-MM-DD
  base_pay_fen    INTEGER CHECK (base_pay_fen IS NULL OR base_pay_fen >= 0),
  at              INTEGER NOT NULL,         -- when the change was decided (--at)
  entered_at      INTEGER NOT NULL,
  PRIMARY KEY (staff_id, valid_from)
) STRICT;

CREATE TABLE review_cycles (
  period        TEXT PRIMARY KEY,           -- 2026Q3 | 2026
  kind          TEXT NOT NULL CHECK (kind IN ('quarter', 'year')),
  opened_at     INTEGER NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at     INTEGER,
  reopened_at   INTEGER,
  reopen_reason TEXT
) STRICT;

CREATE TABLE reviews (
  period           TEXT NOT NULL REFERENCES review_cycles (period),
  staff_id         TEXT NOT NULL REFERENCES review_staff (id),
  self_report_due  INTEGER NOT NULL,        -- deadlines in force when the review was opened
  initial_due      INTEGER NOT NULL,
  final_due        INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  filed_by         TEXT,                    -- 交人资人员处备案
  filed_at         INTEGER,
  filed_entered_at INTEGER,
  PRIMARY KEY (period, staff_id)
) STRICT;

-- 述职报告 (report) and 工作计划 (plan), each handed in once
CREATE TABLE review_submissions (
  period     TEXT NOT NULL,
  staff_id   TEXT NOT NULL,
  what       TEXT NOT NULL CHECK (what IN ('report', 'plan')),
  at         INTEGER NOT NULL,
  entered_at INTEGER NOT NULL,
  file       TEXT,
  PRIMARY KEY (period, staff_id, what),
  FOREIGN KEY (period, staff_id) REFERENCES reviews (period, staff_id)
) STRICT;

-- 初评 (initial) and 审核终评 (final), each written once
CREATE TABLE review_scores (
  period        TEXT NOT NULL,
  staff_id      TEXT NOT NULL,
  stage         TEXT NOT NULL CHECK (stage IN ('initial', 'final')),
  by            TEXT NOT NULL,
  at            INTEGER NOT NULL,
  entered_at    INTEGER NOT NULL,
  duty          INTEGER NOT NULL CHECK (duty BETWEEN 0 AND 1000),
  ability       INTEGER NOT NULL CHECK (ability BETWEEN 0 AND 1000),
  character     INTEGER NOT NULL CHECK (character BETWEEN 0 AND 1000),
  knowledge     INTEGER NOT NULL CHECK (knowledge BETWEEN 0 AND 1000),
  discipline    INTEGER NOT NULL CHECK (discipline BETWEEN 0 AND 1000),
  weights       TEXT NOT NULL,              -- JSON, the rule file's weights in force
  bands         TEXT NOT NULL,              -- JSON, the grade bands in force
  total_tenths  INTEGER NOT NULL CHECK (total_tenths BETWEEN 0 AND 1000),
  grade         TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  confirmed     INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
  note          TEXT,
  PRIMARY KEY (period, staff_id, stage),
  FOREIGN KEY (period, staff_id) REFERENCES reviews (period, staff_id)
) STRICT;

CREATE TRIGGER review_scores_no_update BEFORE UPDATE ON review_scores
BEGIN SELECT RAISE(ABORT, 'a score is written once'); END;
CREATE TRIGGER review_scores_no_delete BEFORE DELETE ON review_scores
BEGIN SELECT RAISE(ABORT, 'a score is written once'); END;
CREATE TRIGGER review_submissions_no_update BEFORE UPDATE ON review_submissions
BEGIN SELECT RAISE(ABORT, 'a submission is written once'); END;
CREATE TRIGGER review_submissions_no_delete BEFORE DELETE ON review_submissions
BEGIN SELECT RAISE(ABORT, 'a submission is written once'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are never deleted'); END;
CREATE TRIGGER reviews_file_once BEFORE UPDATE OF filed_by ON reviews
WHEN OLD.filed_by IS NOT NULL BEGIN SELECT RAISE(ABORT, 'filing is written once'); END;
CREATE TRIGGER review_staff_versions_no_update BEFORE UPDATE ON review_staff_versions
BEGIN SELECT RAISE(ABORT, 'a roster change is added, never edited'); END;
`;
