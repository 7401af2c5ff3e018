// Every command explains itself: a one-line description and at least one example in --help, in
// both languages, and README.md names every command path (ARCHITECTURE "Habits").
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesOf } from '../../src/core/cli.js';
import type { Lang } from '../../src/core/i18n.js';
import { programWith } from '../../src/main.js';
import { loadModules } from '../../src/modules.js';
import { ROOT } from '../helpers.js';

const io = { out: () => undefined, err: () => undefined, stdoutTTY: false, stderrTTY: false, stdinTTY: false };

interface Node {
  path: string;
  cmd: Command;
  leaf: boolean;
}

function walk(cmd: Command, prefix: string, out: Node[] = []): Node[] {
  for (const sub of cmd.commands) {
    if (sub.name() === 'help') continue; // commander's own
    const path = `${prefix} ${sub.name()}`;
    out.push({ path, cmd: sub, leaf: sub.commands.length === 0 });
    walk(sub, path, out);
  }
  return out;
}

const modules = await loadModules();

function commands(lang: Lang): Node[] {
  return walk(programWith(lang, {}, io, modules).program, 'kaohe');
}

/** The example's words hold the command path in order (global options may come between). */
function runs(example: string, path: string): boolean {
  const words = example.split(/\s+/);
  let i = 0;
  for (const w of path.split(' ')) {
    while (i < words.length && words[i] !== w) i++;
    if (i === words.length) return false;
    i++;
  }
  return words[0] === 'kaohe';
}

// a description that is still a message key (the catalog has no text for it)
const looksLikeKey = /^[a-z_]+(\.[a-z_]+)+$/;

describe.each(['en', 'zh'] as const)('help in %s', (lang) => {
  const all = commands(lang);
  const leaves = all.filter((n) => n.leaf);

  it('finds the foundation commands', () => {
    const paths = leaves.map((n) => n.path);
    for (const p of ['kaohe db init', 'kaohe db backup', 'kaohe db check', 'kaohe audit log', 'kaohe audit verify', 'kaohe rules show', 'kaohe demo', 'kaohe check']) {
      expect(paths).toContain(p);
    }
  });

  it('every command and group has a translated, non-empty description', () => {
    const bad = all.filter((n) => n.cmd.description().trim() === '' || looksLikeKey.test(n.cmd.description())).map((n) => `${n.path}: ${JSON.stringify(n.cmd.description())}`);
    expect(bad).toEqual([]);
  });

  it('every leaf command has at least one example, and each example runs that command', () => {
    const bad: string[] = [];
    for (const n of leaves) {
      const examples = examplesOf(n.cmd);
      if (examples.length === 0) bad.push(`${n.path}: no example`);
      for (const e of examples) if (!runs(e, n.path)) bad.push(`${n.path}: example "${e}" is of another command`);
    }
    expect(bad).toEqual([]);
  });

  it('every option has a translated description', () => {
    const bad: string[] = [];
    for (const n of all) {
      for (const o of n.cmd.options) {
        if (o.description.trim() === '' || looksLikeKey.test(o.description)) bad.push(`${n.path} ${o.flags}: ${JSON.stringify(o.description)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('commander\'s own words are translated too', () => {
  it('zh help has Chinese headings and help descriptions', () => {
    const backup = commands('zh').find((n) => n.path === 'kaohe db backup')!;
    const text = backup.cmd.helpInformation();
    expect(text).toMatch(/^用法：kaohe db backup/);
    expect(text).toContain('选项：');
    expect(text).toContain('显示命令的帮助');
    expect(text).not.toMatch(/Usage:|Options:|display help/);
  });

  it('en help keeps the English headings', () => {
    const db = commands('en').find((n) => n.path === 'kaohe db')!;
    const text = db.cmd.helpInformation();
    expect(text).toMatch(/^Usage: kaohe db/);
    expect(text).toContain('Commands:');
    expect(text).toContain('show help for a command');
  });
});

describe('README.md', () => {
  it('names every command path', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const missing = commands('en')
      .filter((n) => n.leaf)
      .map((n) => n.path)
      .filter((p) => !readme.includes(p));
    expect(missing).toEqual([]);
  });
});
