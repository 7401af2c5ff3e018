#!/usr/bin/env node
// Loads the built CLI (dist/, made by `npm run build`, which `npm install` runs). No logic here.
import { main, withPager } from '../dist/main.js';

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
const argv = process.argv.slice(2);
// long output on a terminal goes through less (core/pager.ts); --no-pager and pipes print plainly
const pager = withPager(argv, process.env, io, process.stdout.rows);
process.exitCode = await main(argv, process.env, pager.io);
await pager.finish();
