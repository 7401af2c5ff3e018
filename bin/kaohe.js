#!/usr/bin/env node
// Loads the built CLI (dist/, made by `npm run build`, which `npm install` runs). No business logic
// here: it builds the process's io (its streams, and the blocking writer a streamed list uses).
// CommonJS (bin/package.json), like dist/entry.cjs: `kaohe --version` and a piped `--help` are
// answered without starting Node's ES-module loader, and the process's streams are made only
// when something reads or writes them (ISSUE 14: each costs start-up time).
'use strict';
const { enableCompileCache } = require('node:module');
const { writeSync } = require('node:fs');

// Node 22+ keeps compiled code between runs (Node 20 has no such cache: a no-op there)
enableCompileCache?.();
const { run } = require('../dist/entry.cjs');

let stdout;
function out(s) {
  if (stdout === undefined) {
    stdout = process.stdout;
    // a closed pipe (`kaohe ... | head`) is not an error worth a stack trace
    stdout.on('error', (e) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  return stdout.write(s);
}

// a long list written as it is read (core/output-stream.ts) waits for a slow reader rather than
// queueing the whole list in memory, as process.stdout.write does on a pipe (issue 14)
const nap = new Int32Array(new SharedArrayBuffer(4));
function outWait(s) {
  if (process.stdout.isTTY || process.stdout.writableLength > 0) return void out(s);
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
  out,
  outWait,
  err: (s) => process.stderr.write(s),
  get stdoutTTY() {
    return Boolean(process.stdout.isTTY);
  },
  get stderrTTY() {
    return Boolean(process.stderr.isTTY);
  },
  get stdinTTY() {
    return Boolean(process.stdin.isTTY);
  },
};
run(process.argv.slice(2), process.env, io, process.stdout.rows).then((code) => {
  process.exitCode = code;
});
