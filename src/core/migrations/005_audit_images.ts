// SPEC §0 audit log, second form: each row also holds when it was entered (the clock, beside `at`,
// when the change happened), the reason given for a late entry (补录), and the after-images of every
// business row the change wrote, so that `audit verify` can replay the log and compare it with the
// tables. `format` says which fields a row's hash covers (1: the first form, 2: all of them); it is
// itself hashed in form 2, so a row cannot be passed off as an older form without breaking the chain.
// `prints` holds a short fingerprint of each image, in the chain like the images: a verify compares
// the tables with the fingerprints and hashes the images as bytes, never reading megabytes of text.
export const sql = `
ALTER TABLE audit ADD COLUMN format     INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN entered_at INTEGER;   -- epoch ms: the clock when the change was entered
ALTER TABLE audit ADD COLUMN late       TEXT;      -- the reason given for a late entry (补录), else NULL
ALTER TABLE audit ADD COLUMN images     TEXT;      -- canonical JSON [[table, [key...], row text | null], ...]
ALTER TABLE audit ADD COLUMN prints     TEXT;      -- [[table, [key...], fingerprint | null], ...]: what verify compares
`;
