// Indexes for the guard module's reads at scale (issue 14): the dismissal flags read the notices
// of the few rules that can dismiss (a range per rule), not every notice ever made; once months
// are closed, the sheets and `report guard` find the notices that became effective or were voided
// late (after a closing: 补扣) by the time of that entry, not by reading every notice.
export const sql = `
CREATE INDEX guard_notices_rule ON guard_notices (rule, at);
CREATE INDEX guard_notices_effective_entered ON guard_notices (effective_entered_at) WHERE effective_entered_at IS NOT NULL;
CREATE INDEX guard_notices_void_entered ON guard_notices (void_entered_at) WHERE void_entered_at IS NOT NULL;
`;
