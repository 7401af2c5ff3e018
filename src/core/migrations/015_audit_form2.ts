// An index of the log's form-2 rows (those with after-images, issue 8): a full `audit verify`
// replays their prints without reading every row of the log. The verify never takes the index on
// trust (it can be forged like any page of the file): the chain's scan, which reads every row,
// lists the form-2 rows itself, and the replay must have read exactly those (audit-fast.ts).
export const sql = `
CREATE INDEX audit_form2 ON audit (seq) WHERE format = 2;
`;
