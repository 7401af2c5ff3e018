// Numbered migrations, applied in order; PRAGMA user_version is the number of the last one.
// Never edit one that has landed: add the next number instead.
import { sql as core } from './001_core.js';
import { sql as letter } from './002_letter.js';
import { sql as ticket } from './003_ticket.js';
import { sql as guard } from './004_guard.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'letter', sql: letter },
  { version: 3, name: 'ticket', sql: ticket },
  { version: 4, name: 'guard', sql: guard },
];
