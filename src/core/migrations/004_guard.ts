// The guard module's tables.
export const sql = `
`;
