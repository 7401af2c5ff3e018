// The letter module's tables (SPEC §2, 篇1 3.5 来电来函处理程序).
// A letter keeps the reply deadline in force when it arrived (reply_hours, deadline): a later
// rule change never moves an old letter's deadline. ticket_id has no foreign key on purpose:
// the tickets table comes in a later migration, and the ticket module checks the link itself.
export const sql = `
CREATE TABLE letters (
  id            TEXT PRIMARY KEY,                 -- L2026-0001, serial in logging order
  channel       TEXT NOT NULL CHECK (channel IN ('phone', 'letter', 'fax', 'email', 'visit')),
  from_name     TEXT NOT NULL,
  org           TEXT,
  contact       TEXT,
  subject       TEXT NOT NULL,
  content       TEXT,
  received_at   INTEGER NOT NULL,                 -- epoch ms, UTC
  logged_at     INTEGER NOT NULL,
  logged_by     TEXT NOT NULL,
  reply_hours   REAL NOT NULL CHECK (reply_hours > 0),
  deadline      INTEGER NOT NULL,                 -- received_at + reply_hours
  status        TEXT NOT NULL CHECK (status IN ('received', 'investigating', 'replied', 'archived')),
  reply_text    TEXT,
  reply_channel TEXT CHECK (reply_channel IS NULL OR reply_channel IN ('phone', 'letter', 'fax', 'email', 'visit')),
  replied_by    TEXT,
  replied_at    INTEGER,
  archived_at   INTEGER,
  archived_by   TEXT,
  ticket_id     TEXT,
  CHECK (status NOT IN ('replied', 'archived') OR (reply_text IS NOT NULL AND replied_by IS NOT NULL AND replied_at IS NOT NULL AND reply_channel IS NOT NULL)),
  CHECK (status <> 'archived' OR archived_at IS NOT NULL)
) STRICT;
CREATE INDEX letters_received ON letters (received_at, id);
CREATE INDEX letters_open ON letters (status, deadline);
CREATE UNIQUE INDEX letters_ticket ON letters (ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE letter_notes (
  letter_id TEXT NOT NULL REFERENCES letters (id),
  seq       INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  by        TEXT NOT NULL,
  text      TEXT NOT NULL,
  PRIMARY KEY (letter_id, seq)
) STRICT;
`;
