#!/usr/bin/env node
// Loads the built CLI (dist/, made by `npm run build`, which `npm install` runs). No logic here.
import module from 'node:module';

// Node 22+ keeps compiled code between runs (Node 20 has no such cache: a no-op there)
module.enableCompileCache?.();
const { run } = await import('../dist/entry.js');

const io = {
  out: (s) => process.stdout.write(s),
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
