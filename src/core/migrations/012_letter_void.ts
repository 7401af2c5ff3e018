// A letter logged by mistake can be voided (letter void, issue 13): it leaves the overdue lists,
// the checks and the statistics from the moment the void was entered; as-of reports printed
// before that moment reprint the same. The letter and its history stay.
export const sql = `
ALTER TABLE letters ADD COLUMN voided_at INTEGER;
ALTER TABLE letters ADD COLUMN voided_entered_at INTEGER;
ALTER TABLE letters ADD COLUMN voided_by TEXT;
ALTER TABLE letters ADD COLUMN void_reason TEXT;
`;
