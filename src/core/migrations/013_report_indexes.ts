// Indexes for reports at scale (issue 14). tickets_sla also holds the ticket's id, so an SLA
// section counts its period's complaints (a probe of ticket_complaints_ticket per ticket) without
// leaving the index: the report reads its period's tickets, never every complaint ever made.
// Numbered 013 for the merge (10 to 12 come from other branches); on this branch it is the 10th.
export const sql = `
DROP INDEX tickets_sla;
CREATE INDEX tickets_sla ON tickets (reported_at, status, voided_entered_at, entered_at, responded_at, responded_entered_at, deadline, survey_rating, surveyed_entered_at, fault, id);
`;
