#!/usr/bin/env node
// Loads the built CLI (dist/, made by `npm run build`, which `npm install` runs). No logic here.
// CommonJS (bin/package.json), like dist/entry.cjs: `kaohe --version` and a piped `--help` are
// answered without starting Node's ES-module loader, and the process's streams are made only
// when something reads or writes them (ISSUE 14: each costs start-up time).
'use strict';
const { enableCompileCache } = require('node:module');

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

const io = {
  out,
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
