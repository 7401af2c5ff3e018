// Numbered migrations, applied in order; PRAGMA user_version is the number of the last one.
// Never edit one that has landed: add the next number instead.
// Each migration also declares the business tables it creates (`audited`, with their key columns):
// the core then records an after-image of every row written to them in the audit log and
// `audit verify` compares the tables with the log. A new module declares its tables here and
// gets both without writing anything else.
import type { Db } from '../db.js';
import { sql as core } from './001_core.js';
import { sql as letter } from './002_letter.js';
import { sql as ticket } from './003_ticket.js';
import { sql as guard } from './004_guard.js';
import { sql as auditImages } from './005_audit_images.js';
import { sql as review } from './006_review.js';
import { sql as entryTimes } from './007_entry_times.js';
import { sql as guardSteps } from './008_guard_steps.js';
import { sql as stock } from './009_stock.js';
import { sql as ticketService } from './010_ticket_service.js';
import { sql as stockLedger } from './011_stock_ledger.js';
import { sql as letterVoid } from './012_letter_void.js';
import { sql as reportIndexes } from './013_report_indexes.js';
import { sql as guardIndexes } from './014_guard_indexes.js';
import { sql as auditForm2 } from './015_audit_form2.js';
import { sql as invariantIndexes } from './016_invariant_indexes.js';
import { writeBaseline } from '../audit-images.js';

export interface AuditedTable {
  table: string;
  /** the columns that name one row (its primary key) */
  key: string[];
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
  audited?: AuditedTable[];
  /** work after the SQL, in the same transaction (e.g. the audit baseline of existing rows);
   *  `now` is the clock of the command that opened the file */
  after?: (db: Db, now: number | undefined) => void;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'core', sql: core },
  {
    version: 2, name: 'letter', sql: letter,
    audited: [{ table: 'letters', key: ['id'] }, { table: 'letter_notes', key: ['letter_id', 'seq'] }],
  },
  {
    version: 3, name: 'ticket', sql: ticket,
    audited: [
      { table: 'tickets', key: ['id'] },
      { table: 'ticket_assignees', key: ['ticket_id', 'name'] },
      { table: 'ticket_parts', key: ['ticket_id', 'seq'] },
      { table: 'ticket_complaints', key: ['id'] },
    ],
  },
  {
    version: 4, name: 'guard', sql: guard,
    audited: [
      { table: 'guards', key: ['id'] },
      { table: 'guard_notices', key: ['id'] },
      { table: 'guard_notice_guards', key: ['notice_id', 'guard_id'] },
      { table: 'guard_rewards', key: ['id'] },
      { table: 'guard_fund', key: ['seq'] },
    ],
  },
  // the rows written before after-images existed become the baseline, said so in the log
  { version: 5, name: 'audit images', sql: auditImages, after: (db, now) => writeBaseline(db, auditedUpTo(5), now) },
  {
    version: 6, name: 'review', sql: review,
    audited: [
      { table: 'review_staff', key: ['id'] },
      { table: 'review_staff_versions', key: ['staff_id', 'valid_from'] },
      { table: 'review_cycles', key: ['period'] },
      { table: 'reviews', key: ['period', 'staff_id'] },
      { table: 'review_submissions', key: ['period', 'staff_id', 'what'] },
      { table: 'review_scores', key: ['period', 'staff_id', 'stage'] },
    ],
  },
  // entry times beside the step times (the rows they were added to get a new image in the log,
  // said so), and the closed months
  {
    version: 7, name: 'entry times', sql: entryTimes,
    audited: [{ table: 'closed_months', key: ['id'] }],
    after: (db, now) => writeBaseline(db, auditedUpTo(3).filter((t) => ENTRY_TIME_TABLES.includes(t.table)), now, 'columns for entry times added (migration 7)'),
  },
  // the guard rows got entry-time columns: their new images become the baseline again
  {
    version: 8, name: 'guard steps', sql: guardSteps,
    audited: [{ table: 'guard_keeps', key: ['seq'] }],
    after: (db, now) => writeBaseline(db, auditedUpTo(4).filter((t) => t.table.startsWith('guard')), now),
  },
  {
    version: 9, name: 'stock', sql: stock,
    audited: [
      { table: 'stock_parts', key: ['code'] },
      { table: 'stock_slips', key: ['id'] },
      { table: 'stock_moves', key: ['id'] },
      { table: 'stock_balances', key: ['part', 'loc', 'quality'] },
      { table: 'stock_requisitions', key: ['id'] },
      { table: 'stock_disposed', key: ['oldpart_slip'] },
      { table: 'stock_claims', key: ['id'] },
    ],
  },
  {
    version: 10, name: 'ticket service', sql: ticketService,
    audited: [
      { table: 'ticket_facts', key: ['ticket_id'] },
      { table: 'ticket_expenses', key: ['ticket_id'] },
      { table: 'ticket_revisions', key: ['ticket_id', 'seq'] },
    ],
  },
  { version: 11, name: 'stock ledger index', sql: stockLedger },
  // letters got columns for a void: their new images become the baseline again
  {
    version: 12, name: 'letter void', sql: letterVoid,
    after: (db, now) => writeBaseline(db, auditedUpTo(2).filter((t) => t.table === 'letters'), now, 'columns for letter voids added (migration 12)'),
  },
  // indexes only (issue 14)
  { version: 13, name: 'report indexes', sql: reportIndexes },
  // indexes only (issue 14)
  { version: 14, name: 'guard indexes', sql: guardIndexes },
  // an index only (issue 8: the fast verify's replay; never trusted, audit-fast.ts)
  { version: 15, name: 'audit form-2 index', sql: auditForm2 },
  // an index only (issue 14: db check reads the few tickets breaking an invariant, not every ticket)
  { version: 16, name: 'invariant indexes', sql: invariantIndexes },
];

const ENTRY_TIME_TABLES = ['tickets', 'ticket_complaints', 'letters', 'letter_notes'];

function auditedUpTo(version: number): AuditedTable[] {
  return MIGRATIONS.filter((m) => m.version <= version).flatMap((m) => m.audited ?? []);
}

/** Every business table of every migration, in migration order. */
export const AUDITED_TABLES: AuditedTable[] = MIGRATIONS.flatMap((m) => m.audited ?? []);
