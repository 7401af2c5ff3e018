// Indexes for reports at scale (issue 14). tickets_sla also holds the ticket's id, so an SLA
// section counts its period's complaints (a probe of ticket_complaints_ticket per ticket) without
// leaving the index: the report reads its period's tickets, never every complaint ever made.
// tickets_unfinished: the default ticket list shows what is still open from before the month
// (issue 13) by a range of this partial index, not by reading every ticket ever reported.
export const sql = `
DROP INDEX tickets_sla;
CREATE INDEX tickets_sla ON tickets (reported_at, status, voided_entered_at, entered_at, responded_at, responded_entered_at, deadline, survey_rating, surveyed_entered_at, fault, id);
CREATE INDEX tickets_unfinished ON tickets (reported_at) WHERE status NOT IN ('approved', 'void');
`;
