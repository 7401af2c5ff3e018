// The letter module's tables.
export const sql = `
`;
