// The bench's machinery: timing one process, paired and interleaved rounds, medians, the table.
// Nothing here knows about kaohe's commands (entries.mjs lists them).
import { spawnSync } from 'node:child_process';

/** Runs one command to its end; milliseconds of wall time. A failing command stops the bench. */
export function time(run) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(run.file, run.args, { env: run.env, cwd: run.cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || (r.status !== 0 && !(run.okCodes ?? [0]).includes(r.status))) {
    throw new Error(`${run.file} ${run.args.join(' ')} exited ${r.status ?? r.error}: ${(r.stderr ?? '').slice(0, 400)}`);
  }
  return ms;
}

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Paired, interleaved rounds (not hyperfine's blocks, FIELD-NOTES): every round runs every
 * case's floor and subject back to back, the cases in a rotated order and the pair's order
 * alternating, so a burst of load on this shared machine hits both sides of a pair. The first
 * `warmup` rounds are not counted. `cases`: [{ floor: () => ms, subject: (round) => ms, runs? }];
 * a case with its own `runs` (a peer that takes a minute) stops after that many, with no warm-up.
 */
export function rounds(cases, runs, { warmup = 1, onRound } = {}) {
  const out = cases.map(() => ({ floor: [], subject: [] }));
  for (let r = 0; r < runs + warmup; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      const c = cases[i];
      if (c.runs !== undefined && (r < warmup || out[i].subject.length >= c.runs)) continue;
      const first = r % 2 === 0;
      const a = first ? c.floor() : c.subject(r);
      const b = first ? c.subject(r) : c.floor();
      if (r >= warmup) {
        out[i].floor.push(first ? a : b);
        out[i].subject.push(first ? b : a);
      }
    }
    onRound?.(r + 1, runs + warmup);
  }
  return out.map((x) => ({ floor: median(x.floor), subject: median(x.subject), ratio: median(x.subject.map((s, j) => s / x.floor[j])) }));
}

/** A plain text table (no libraries: the bench measures them, it should not load them). */
export function table(head, rows, aligns) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (aligns[i] === 'right' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
