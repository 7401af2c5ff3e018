#!/usr/bin/env node
// Loads the built CLI (dist/, made by `npm run build`, which `npm install` runs). No business logic
// here: it builds the process's io (the streams of a terminal, a blocking writer for pipes and
// files). CommonJS (bin/package.json), like dist/entry.cjs: no command starts Node's ES-module
// loader, and process.stdout/stderr are made only at a terminal (ISSUE 14: each costs start-up
// time).
'use strict';
const { fstatSync, writeSync } = require('node:fs');

// dist/main.cjs is compiled from the code cache the build made (dist/entry.cjs); Node 22's own
// compile cache (module.enableCompileCache) is not asked for: it would cover only these small
// files, write under the temp folder at run time, and node:module costs every start
const { run } = require('../dist/entry.cjs');

/** Is this descriptor a terminal? A pipe or a file never is, which fstat tells cheaply, nor on
 *  Linux one of the memory devices (/dev/null, /dev/zero: major number 1, a cron job's `>/dev/null`);
 *  only another character device is asked of node:tty, which loads Node's streams (~8M
 *  instructions of a `ticket show` with stdout on /dev/null, callgrind). */
function terminal(fd) {
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return false;
  }
  if (!st.isCharacterDevice()) return false;
  if (process.platform === 'linux' && memoryDevice(st.rdev)) return false;
  return require('node:tty').isatty(fd);
}

/** Whether a Linux device number (glibc's dev_t: the major's low 12 bits at bits 8-19, its high
 *  bits from bit 44) is one of the memory devices, major 1. */
function memoryDevice(rdev) {
  if (rdev >= 2 ** 32) return false; // a major past 4095: no memory device; node:tty answers
  return Math.floor(rdev / 256) % 4096 === 1;
}
const tty = [undefined, undefined, undefined];
const isTerminal = (fd) => (tty[fd] ??= terminal(fd));

// a closed pipe (`kaohe ... | head`) is not an error worth a stack trace
const quitOnEpipe = (stream) =>
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

// a long list written as it is read (core/output-stream.ts) waits for a slow reader rather than
// queueing the whole list in memory, as process.stdout.write does on a pipe (issue 14)
const nap = new Int32Array(new SharedArrayBuffer(4));
function writeAll(fd, s) {
  let rest = Buffer.from(s);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (e) {
      if (e.code === 'EPIPE') process.exit(0);
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(nap, 0, 0, 2);
    }
  }
  return true;
}

// A pipe or a file is written directly, blocking (as Node writes them on Linux anyway): the
// stream process.stdout would be costs Node's stream modules, ~5 % of a start (issue 14). A
// terminal gets the stream (the pager and prompts use it too).
let stdout;
function out(s) {
  if (!isTerminal(1)) return writeAll(1, s);
  stdout ??= quitOnEpipe(process.stdout);
  return stdout.write(s);
}
let stderr;
function err(s) {
  if (!isTerminal(2)) return writeAll(2, s);
  stderr ??= process.stderr;
  return stderr.write(s);
}

const io = {
  out,
  outWait: out,
  err,
  get stdoutTTY() {
    return isTerminal(1);
  },
  get stderrTTY() {
    return isTerminal(2);
  },
  get stdinTTY() {
    return isTerminal(0);
  },
};
// the window's height decides paging, done only at a terminal
run(process.argv.slice(2), process.env, io, isTerminal(1) ? process.stdout.rows : undefined).then((code) => {
  process.exitCode = code;
});
