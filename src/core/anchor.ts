// KAOHE_ANCHOR (SPEC §0 "The head leaves the file"): after every write the audit head is appended
// to a file kept elsewhere (another disk, a share, a printout's folder). Someone who rewrites the
// whole chain inside the database cannot rewrite that file too, and `audit verify --anchor-file`
// proves the log still holds every head written there. The file must be writable before the
// write begins: a write that could not be anchored is not made (exit 5).
import { accessSync, appendFileSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AuditHead } from './audit.js';
import { InputError, StorageError } from './errors.js';
import { isoInZone } from './time.js';

export function checkAnchorWritable(file: string): void {
  const path = resolve(file);
  try {
    accessSync(existsSync(path) ? path : dirname(path), constants.W_OK);
  } catch (e) {
    throw new StorageError('anchor.not_writable', { path, reason: (e as NodeJS.ErrnoException).code ?? '' });
  }
}

/** One line a head: `1234:<sha256> 2026-11-30T09:00:00+08:00`. */
export function appendAnchor(file: string, head: AuditHead, now: number, tz: string): void {
  const path = resolve(file);
  try {
    appendFileSync(path, `${head.seq}:${head.hash} ${isoInZone(now, tz)}\n`, { mode: 0o600 });
  } catch (e) {
    // the write is committed: say so, and that the anchor missed this head
    throw new StorageError('anchor.append_failed', { path, seq: head.seq, reason: (e as NodeJS.ErrnoException).code ?? '' });
  }
}

const HEAD = /^(\d+):([0-9a-f]{64})$/;

/** `N:HASH` as given to --anchor (or read from an anchor file's line). */
export function parseAnchor(text: string, field: string): AuditHead {
  const m = text.trim().match(HEAD);
  if (!m) throw new InputError('anchor.invalid', { field, value: text });
  return { seq: Number(m[1]), hash: m[2] };
}

/** Every head in an anchor file, in order. */
export function readAnchorFile(file: string, field: string): AuditHead[] {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError('anchor.unreadable', { field, path, reason: (e as NodeJS.ErrnoException).code ?? '' });
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => parseAnchor(line.split(/\s+/)[0], field));
}
