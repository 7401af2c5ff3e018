#!/usr/bin/env node
// Loads the built CLI (dist/, made by `npm run build`, which `npm install` runs). No logic here.
import { writeSync } from 'node:fs';
import module from 'node:module';

// Node 22+ keeps compiled code between runs (Node 20 has no such cache: a no-op there)
module.enableCompileCache?.();
const { run } = await import('../dist/entry.js');

// a long list written as it is read (core/output-stream.ts) waits for a slow reader rather than
// queueing the whole list in memory, as process.stdout.write does on a pipe (issue 14)
const nap = new Int32Array(new SharedArrayBuffer(4));
function outWait(s) {
  if (process.stdout.isTTY || process.stdout.writableLength > 0) return void process.stdout.write(s);
  let rest = Buffer.from(s);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(1, rest));
    } catch (e) {
      if (e.code === 'EPIPE') process.exit(0);
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(nap, 0, 0, 2);
    }
  }
}

const io = {
  out: (s) => process.stdout.write(s),
  outWait,
  err: (s) => process.stderr.write(s),
  stdoutTTY: Boolean(process.stdout.isTTY),
  stderrTTY: Boolean(process.stderr.isTTY),
  stdinTTY: Boolean(process.stdin.isTTY),
};
// a closed pipe (`kaohe ... | head`) is not an error worth a stack trace
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await run(process.argv.slice(2), process.env, io, process.stdout.rows);
