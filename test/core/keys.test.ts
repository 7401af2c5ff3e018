// Every message key the code names literally (ctx.t, d, errors, defineCommand, prompts) exists
// in a catalog, so no user ever sees a raw key such as `ticket.opt.at` instead of a sentence.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMessage } from '../../src/core/i18n.js';
import { ROOT } from '../helpers.js';

const KEY = `'([a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+)'`;
const PATTERNS = [
  new RegExp(`\\.t\\(\\s*${KEY}`, 'g'), // ctx.t('key')
  new RegExp(`\\bt\\(\\s*[\\w.()]+,\\s*${KEY}`, 'g'), // t(lang, 'key')
  new RegExp(`\\bd\\(\\s*${KEY}`, 'g'), // d('key') for descriptions
  new RegExp(`new \\w+Error\\(\\s*${KEY}`, 'g'),
  new RegExp(`\\bdefine(?:Command|Group)\\(\\s*[\\w.]+,\\s*'[^']*',\\s*${KEY}`, 'g'),
  new RegExp(`\\b(?:ask|choose|chooseOrType)\\(\\s*\\w+,\\s*[^,]+,\\s*'[^']*',\\s*${KEY}`, 'g'),
  new RegExp(`\\bconfirm\\(\\s*\\w+,\\s*${KEY}`, 'g'),
  new RegExp(`\\['--[^']*',\\s*${KEY}\\]`, 'g'), // [flags, key] tables such as PERIOD_FLAGS
];

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function keysUsed(): Array<{ file: string; key: string }> {
  const found: Array<{ file: string; key: string }> = [];
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const re of PATTERNS) for (const m of text.matchAll(re)) found.push({ file: relative(ROOT, file), key: m[1] });
  }
  return found;
}

describe('message keys named in the code', () => {
  const used = keysUsed();

  it('the scan finds the keys of the foundation', () => {
    const keys = used.map((u) => u.key);
    for (const k of ['db.missing', 'input.moment', 'db.init.desc', 'period.month', 'audit.verify.bad', 'check.summary', 'rules.invalid']) {
      expect(keys).toContain(k);
    }
  });

  it('every one of them has a text', () => {
    const missing = [...new Set(used.filter((u) => !hasMessage(u.key)).map((u) => `${u.file}: ${u.key}`))].sort();
    expect(missing).toEqual([]);
  });
});
