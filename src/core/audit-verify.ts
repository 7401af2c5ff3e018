// `audit verify` and `db check` (SPEC §0): the chain, the business rows against their last
// after-images, and the heads kept outside the file — all read in ONE snapshot, so a verify
// running beside writers never sees rows and a head from two different moments.
// A full verify that finds nothing stores a checkpoint (the head it verified); `--resume` then
// checks only the chain after it and the records written since, which keeps an hourly cron
// check cheap. The checkpoint lives in the file, so only the full verify and the anchor prove
// the whole history: run the full one nightly.
import { checkAnchor, GENESIS, walkChain, type AuditHead, type ChainProblem, type ChainVerdict } from './audit.js';
import { fastVerify, type FastTuning } from './audit-fast.js';
import { Replay, type RecordsVerdict } from './audit-images.js';
import { AUDITED_TABLES } from './migrations/index.js';
import { getMeta, readSnapshot, setMeta, writeTx, type Db } from './db.js';

export interface AnchorVerdict {
  seq: number;
  hash: string;
  problem: ChainProblem | null;
}

export interface LogVerdict extends ChainVerdict {
  records: RecordsVerdict | null;
  anchors: AnchorVerdict[];
  /** the checkpoint a resumed verify started from */
  resumed_from: number | null;
}

const CHECKPOINT = 'audit_checkpoint';

function storedCheckpoint(db: Db): AuditHead | null {
  const text = getMeta(db, CHECKPOINT);
  const m = text === undefined ? null : /^(\d+):([0-9a-f]{64})$/.exec(text);
  return m ? { seq: Number(m[1]), hash: m[2] } : null;
}

export function recordsClean(r: RecordsVerdict | null): boolean {
  return r === null || (r.differs.length === 0 && r.untracked.length === 0 && r.missing.length === 0);
}

export function verifyLog(db: Db, opts: { anchors?: AuditHead[]; resume?: boolean; fast?: FastTuning | false } = {}): LogVerdict {
  const verdict = readSnapshot(db, (): LogVerdict => {
    const from = opts.resume ? storedCheckpoint(db) : null;
    const fast = from || opts.fast === false ? null : fastFull(db, opts.fast);
    const replay = fast?.replay ?? new Replay();
    const chain = fast?.chain ?? walkChain(db, from, (_seq, images) => replay.add(images));
    const records = !chain.ok ? null : fast?.records ?? (from ? replay.compareTouched(db) : replay.compareAll(db));
    const anchors = (opts.anchors ?? []).map((a) => ({ ...a, problem: checkAnchor(db, a) }));
    const ok = chain.ok && recordsClean(records) && anchors.every((a) => a.problem === null);
    return { ...chain, ok, records, anchors, resumed_from: from?.seq ?? null };
  });
  return verdict;
}

/** A full verify the fast way (audit-fast.ts): null unless the whole chain fits; then the records
 *  too when every table matches the log (otherwise the log replayed here and compareAll says what
 *  differs). */
function fastFull(db: Db, tuning?: FastTuning): { chain: ChainVerdict; replay: Replay; records: RecordsVerdict | null } | null {
  const last = db.prepare('SELECT max(seq) FROM audit').pluck().get() as number | null;
  if (last === null || last < 1) return null; // an empty log: walkChain says so
  const hash = (db.prepare('SELECT hash FROM audit WHERE seq = ?').pluck().get(last) as string | undefined) ?? '';
  if (getMeta(db, 'audit_head') !== `${last}:${hash}`) return null;
  const fast = fastVerify(db, 0, last, GENESIS, AUDITED_TABLES, tuning);
  if (!fast.chain) return null;
  const chain: ChainVerdict = { ok: true, rows: last, first_bad: null, problem: null, head: { seq: last, hash } };
  const replay = new Replay();
  if (fast.records !== null) return { chain, replay, records: { checked: fast.records, differs: [], untracked: [], missing: [] } };
  // NOT INDEXED: never through audit_form2, which can be forged (the fast path checks it, this is the check)
  const prints = db.prepare('SELECT prints FROM audit NOT INDEXED WHERE format = 2 AND prints IS NOT NULL AND seq <= ? ORDER BY seq').pluck();
  for (const p of prints.iterate(last) as IterableIterator<string>) replay.add(p);
  return { chain, replay, records: null };
}

/** After a full verify that passed (outside its read transaction). Best effort: a read-only copy
 *  keeps no checkpoint, and a busy file gets one next time. */
export function saveCheckpoint(db: Db, v: LogVerdict): void {
  const head = v.head;
  if (!v.ok || v.resumed_from !== null || head.seq === 0 || db.readonly) return;
  try {
    writeTx(db, () => setMeta(db, CHECKPOINT, `${head.seq}:${head.hash}`));
  } catch {
    // not worth failing a verify that passed
  }
}
