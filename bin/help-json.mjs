// Part of `npm run build`: stores the top-level `kaohe --help` (as commander prints it to a pipe,
// in both languages) in dist/help.json, so that dist/entry.cjs can answer it without loading
// commander and every module (ISSUE 14). test/core/command-index.test.ts checks it is current.
import { writeFileSync } from 'node:fs';

const { topHelp } = await import(new URL('../dist/main.js', import.meta.url).href);
const texts = { en: await topHelp('en'), zh: await topHelp('zh') };
writeFileSync(new URL('../dist/help.json', import.meta.url), `${JSON.stringify(texts)}\n`);
