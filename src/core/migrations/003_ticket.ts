// The ticket module's tables.
export const sql = `
`;
