#!/usr/bin/env node
// Rewrites ASCII , : ; ( ) next to Chinese text as full-width ，：；（） in the zh message catalogs
// (issue 13): `node test/tools/zh-punct.mjs` (add --check to only list what it would change). Times
// (14:30), placeholders ({field}), code in backticks and Latin-only text are left alone; spaces
// around a converted mark go. test/ux/zh-punct.test.ts fails while a zh catalog still has ASCII
// punctuation beside Chinese.
import { readFileSync, writeFileSync } from 'node:fs';

const REGIONS = [
  ['src/core/messages.zh.ts'], ['src/guard/messages.zh.ts'], ['src/review/messages.zh.ts'], ['src/stock/messages.zh.ts'],
  ['src/ticket/messages.zh.ts'], ['src/letter/messages.ts', /^ {2}zh: \(\) => \(\{$/m], ['src/report/messages.ts', /^ {2}zh: \(\) => \(\{$/m],
  ['src/stock/messages.labels.ts', /^export const zhLabels/m], ['src/core/messages-clerk.ts', /^export const clerkZh/m],
  ['src/core/messages-fields.ts', /^export const fieldsZh/m], ['src/ticket/messages-service.ts', /^export const serviceZh/m],
];
const CJK = /[\u2018\u2019\u201c\u201d\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const FULL = { ',': '，', ':': '：', ';': '；' };

const prevChar = (s, i) => { let j = i - 1; while (j >= 0 && s[j] === ' ') j--; return s[j] ?? ''; };
const nextChar = (s, i) => { let j = i + 1; while (j < s.length && s[j] === ' ') j++; return s[j] ?? ''; };

export function convert(text) {
  // code in backticks stays as typed: hidden behind private-use marks (not Chinese) meanwhile
  const code = [];
  let s = text.replace(/`[^`]*`/g, (c) => `\ue000${code.push(c) - 1}\ue001`);
  // until nothing changes: a pair next to a full-width colon made in the pass before converts too
  for (let before = null; before !== s; ) {
    before = s;
    s = pass(s);
  }
  return s.replace(/\ue000(\d+)\ue001/g, (_, i) => code[Number(i)]);
}

function pass(text) {
  let s = text;
  // parentheses first: a pair with Chinese inside or beside it
  s = s.replace(/ ?\(([^()]*)\)/g, (all, inner, at) => {
    const before = prevChar(s, at + (all.startsWith(' ') ? 1 : 0));
    const after = s[at + all.length] ?? '';
    return CJK.test(inner) || CJK.test(before) || CJK.test(after) ? `（${inner.trim()}）` : all;
  }).replace(/） +/g, '）');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c in FULL && (CJK.test(s[i - 1] ?? '') || CJK.test(nextChar(s, i)) || (s[i - 1] === '}' && CJK.test(nextChar(s, i))))) {
      if (c === ':' && /\d/.test(s[i - 1] ?? '') && /\d/.test(s[i + 1] ?? '')) { out += c; continue; }
      out = out.replace(/ +$/, '') + FULL[c];
      while (s[i + 1] === ' ') i++;
      continue;
    }
    out += c;
  }
  return out;
}

function fixFile(file, start, check) {
  const src = readFileSync(file, 'utf8');
  const from = start ? src.search(start) : 0;
  if (from < 0) throw new Error(`${file}: no zh section`);
  const head = src.slice(0, from);
  let changed = 0;
  const body = src.slice(from).replace(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g, (all, single, double) => {
    const inner = single ?? double;
    const quote = single === undefined ? '"' : "'";
    if (!CJK.test(inner)) return all;
    const next = convert(inner);
    if (next === inner) return all;
    changed++;
    if (check) console.log(`${file}: ${inner}\n  → ${next}`);
    return `${quote}${next}${quote}`;
  });
  if (!check && changed > 0) writeFileSync(file, head + body);
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let n = 0;
  for (const [file, start] of REGIONS) n += fixFile(file, start, check);
  console.log(`${n} zh strings ${check ? 'would change' : 'changed'}`);
}
