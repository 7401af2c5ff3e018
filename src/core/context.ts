// Everything a command needs from the outside world, built once in main and passed down:
// the clock, the zone, the database, the rules, the streams, the language and the prompter.
// Tests build their own (see test/helpers.ts) with a fixed clock, a temp file and captured streams.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { appendAudit, auditHead, lastEnteredAt } from './audit.js';
import { checkCapture, syncCapture, watchWrites } from './audit-capture.js';
import { pendingImages } from './audit-images.js';
import { appendAnchor, checkAnchorWritable } from './anchor.js';
import { openDb, writeTx, type Db } from './db.js';
import { checkWriteZone } from './file-zone.js';
import { RuleError } from './errors.js';
import { isoInZone } from './time.js';
import { t, type Lang } from './i18n.js';
import { StorageError, type Params } from './errors.js';
import { loadRules, type Rules } from './rules.js';
import type { Prompter } from './prompt.js';

export interface Io {
  out(text: string): void;
  /** stdout for long output written as it is made: waits for the reader instead of queueing
   *  (bin/kaohe.js); without it, `out` */
  outWait?(text: string): void;
  err(text: string): void;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  stdinTTY: boolean;
}

export type Format = 'table' | 'json' | 'csv';

export interface ContextInit {
  env: NodeJS.ProcessEnv;
  io: Io;
  lang: Lang;
  tz: string;
  now: number;
  /** who acts, for the audit log; a function when it is the OS user, asked only by a write
   *  (os.userInfo costs a few ms of every start: ISSUE 14) */
  actor: string | (() => string);
  dbPath: string;
  rulesPath: string;
  /** where rulesPath came from, for messages: --rules or KAOHE_RULES */
  rulesField?: string;
  format: Format;
  excel: boolean;
  color: boolean;
  noInput: boolean;
  prompter?: Prompter;
  /** the anchor file; undefined: KAOHE_ANCHOR; null: none (the demo never touches it) */
  anchor?: string | null;
  /** the demo enters its history at the event times (no 补录) */
  enterAtEventTime?: boolean;
  /** --xlsx FILE: lists and reports go to this workbook instead of stdout */
  xlsx?: string | null;
}

export class Context {
  readonly env: NodeJS.ProcessEnv;
  readonly io: Io;
  readonly lang: Lang;
  readonly tz: string;
  readonly now: number;
  readonly dbPath: string;
  readonly rulesPath: string;
  readonly format: Format;
  readonly excel: boolean;
  readonly color: boolean;
  readonly noInput: boolean;
  prompter: Prompter | undefined;
  readonly xlsx: string | null;
  private pending: Array<Promise<unknown>> = [];
  private database: Db | undefined;
  private loadedRules: Rules | undefined;
  private actorName: string | undefined;

  constructor(private readonly init: ContextInit) {
    this.env = init.env;
    this.io = init.io;
    this.lang = init.lang;
    this.tz = init.tz;
    this.now = init.now;
    this.dbPath = init.dbPath;
    this.rulesPath = init.rulesPath;
    this.format = init.format;
    this.excel = init.excel;
    this.color = init.color;
    this.noInput = init.noInput;
    this.prompter = init.prompter;
    this.xlsx = init.xlsx ?? null;
  }

  /** Work that must finish before the command ends (a workbook being written). */
  defer(work: Promise<unknown>): void {
    work.catch(() => undefined); // reported by settle(); never an unhandled rejection if the command fails first
    this.pending.push(work);
  }

  /** Waits for deferred work; its first failure is the command's. */
  async settle(): Promise<void> {
    const work = this.pending;
    this.pending = [];
    await Promise.all(work);
  }

  /** Prompts are shown only to a person: stdin and stderr on a terminal, and no --no-input. */
  get interactive(): boolean {
    return !this.noInput && this.io.stdinTTY && this.io.stderrTTY;
  }

  t(key: string, params: Params = {}): string {
    return t(this.lang, key, params);
  }

  get rules(): Rules {
    this.loadedRules ??= loadRules(this.rulesPath, this.init.rulesField);
    return this.loadedRules;
  }

  /** The database for reading: a missing or empty file is exit 5, never silently created; a
   *  file we may not write is opened read-only (a backup on a read-only share can be listed). */
  db(): Db {
    this.database ??= watched(openDb(this.dbPath, 'read', this.now));
    return this.database;
  }

  /** `kaohe db init` and the demo: the only ways a database file comes to be (SPEC §0). */
  initialise(): Db {
    this.database ??= watched(openDb(this.dbPath, 'init', this.now));
    return this.database;
  }

  /** The database if this context has opened it (inside `write` it has), without opening it. */
  openedDb(): Db | undefined {
    return this.database;
  }

  /** Runs `fn` in one BEGIN IMMEDIATE transaction on an existing database: with no database
   *  there is nothing to write into, so that is exit 5 (hint `kaohe db init`) and no file is made.
   *  Around `fn`: the anchor file must be writable before anything is written; the clock may not
   *  run behind the last entry (SPEC §0: entry times never go backwards); every business row
   *  written is noted for its after-image; after the commit the new head goes to the anchor. */
  write<T>(fn: (db: Db) => T): T {
    if (this.database?.readonly) throw new StorageError('db.readonly', { path: resolve(this.dbPath) });
    const anchor = this.anchorFile;
    if (anchor) checkAnchorWritable(anchor);
    this.database ??= watched(openDb(this.dbPath, 'write', this.now));
    const db = this.database;
    const before = auditHead(db).seq;
    const result = writeTx(db, () => {
      syncCapture(db);
      const last = lastEnteredAt(db);
      if (last !== null && this.now < last) throw new RuleError('audit.clock_behind', { now: isoInZone(this.now, this.tz), last: isoInZone(last, this.tz) });
      checkWriteZone(db, this.tz, this.env); // SPEC §0: a write in another zone than the file's is exit 2
      this.lastAction = null;
      const r = fn(db);
      // a trigger (or kaohe_touched) a savepoint took away inside fn: refused, not logged bare
      checkCapture(db);
      // rows written after the change's last audit row still get their images logged
      const lastAction = this.lastAction as { action: string; recordId: string | null } | null;
      if (pendingImages(db)) this.audit(db, `${lastAction?.action ?? 'write'}.rows`, lastAction?.recordId ?? null, {});
      return r;
    });
    if (anchor) {
      const head = auditHead(db);
      if (head.seq !== before) appendAnchor(anchor, head, this.now, this.tz);
    }
    return result;
  }

  private lastAction: { action: string; recordId: string | null } | null = null;

  /** KAOHE_ANCHOR: a file kept elsewhere that receives the audit head after every write. */
  get anchorFile(): string | null {
    return this.init.anchor === undefined ? this.env.KAOHE_ANCHOR || null : this.init.anchor;
  }

  /** One audit row for a change; call inside `write`. `at` is when it happened; the entry time is
   *  the clock (the demo enters its history at the event times: `enteredAt`). `late` is the reason
   *  given for a late entry (补录). */
  audit(
    db: Db, action: string, recordId: string | null, change: Record<string, unknown>, at = this.now,
    opts: { enteredAt?: number; late?: string | null } = {},
  ): void {
    appendAudit(db, { at, enteredAt: opts.enteredAt ?? (this.init.enterAtEventTime ? at : this.now), actor: this.actor, action, recordId, change, late: opts.late ?? null });
    this.lastAction = { action, recordId };
  }

  /** The same context on another database file (the demo writes its own). */
  withDb(dbPath: string, opts: Pick<ContextInit, 'anchor' | 'enterAtEventTime'> = {}): Context {
    return new Context({ ...this.init, dbPath, ...opts });
  }

  get actor(): string {
    const a = this.init.actor;
    return (this.actorName ??= typeof a === 'function' ? a() : a);
  }

  close(): void {
    this.database?.close();
    this.database = undefined;
  }
}

/** Writes to the audited tables on this connection are noted from its opening on (audit-capture.ts). */
function watched(db: Db): Db {
  watchWrites(db);
  return db;
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
