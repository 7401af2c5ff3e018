// Indexes for the guard module's reads at scale (issue 14): the dismissal flags read the notices
// of the few rules that can dismiss (a range per rule), not every notice ever made.
export const sql = `
CREATE INDEX guard_notices_rule ON guard_notices (rule, at);
`;
