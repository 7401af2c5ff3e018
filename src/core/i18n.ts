// zh / en message lookup. Each module brings its own catalog (messages.ts); core's is below.
// Placeholders are {name}. A missing key falls back to the other language, then to the key
// itself, so a gap shows up as text instead of a crash (and the keys test catches it).
import type { Params } from './errors.js';
import { escapeControls } from './text.js';

export type Lang = 'zh' | 'en';
/** One language's texts of a catalog, by key. */
export type Messages = Record<string, string>;
export interface Catalog {
  readonly zh: Messages;
  readonly en: Messages;
}

/** A catalog whose tables are built the first time a language is looked up: a command needs
 *  one language (the other only for a key missing from it), and building both languages of
 *  every catalog at start-up was among the top costs of a start (ISSUE 14). The modules write
 *  each language as a function returning its object literal; tables kept in several files are
 *  merged with Object.assign, never by spreading them into a literal (`{ ...a(), ...b() }`):
 *  V8 then adds the keys one by one as new hidden classes, ~20 ms for the core's 420 keys where
 *  Object.assign takes under 1 ms (node 20). */
export function catalog(build: { en: () => Messages; zh: () => Messages }): Catalog {
  let en: Messages | undefined;
  let zh: Messages | undefined;
  return {
    get en() {
      return (en ??= build.en());
    },
    get zh() {
      return (zh ??= build.zh());
    },
  };
}

// The catalogs as added, not copied into one table: a command looks up a few dozen keys, and
// copying every module's thousands of entries cost more than all its lookups (ISSUE 14). The
// last catalog added wins a key that two hold, as a copy into one table would have it.
const catalogs: Catalog[] = [];

export function addMessages(catalog: Catalog): void {
  const at = catalogs.indexOf(catalog);
  if (at >= 0) catalogs.splice(at, 1);
  catalogs.push(catalog);
}

function lookup(lang: Lang, key: string): string | undefined {
  for (let i = catalogs.length - 1; i >= 0; i--) {
    const table = catalogs[i][lang];
    if (Object.hasOwn(table, key)) return table[key];
  }
  return undefined;
}

export function t(lang: Lang, key: string, params: Params = {}): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const text = lookup(lang, key) ?? lookup(other, key) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    // a value may come from the file or the command line: never a raw control character
    if (v === undefined || v === null) return whole;
    return escapeControls(Array.isArray(v) ? listJoin(lang, v) : String(v), '\n\t');
  });
}

/** Whether a catalog holds the key in either language (`lang`'s tables are asked first: the
 *  other language's are built only when it is not there). */
export function hasMessage(key: string, lang: Lang = 'en'): boolean {
  return lookup(lang, key) !== undefined || lookup(lang === 'zh' ? 'en' : 'zh', key) !== undefined;
}

/** Names or items in a sentence or a cell: 张伟、李强 in Chinese (the enumeration comma, not an
 *  ASCII comma), "Zhang Wei, Li Qiang" in English. Intl.ListFormat's zh "unit" style runs the
 *  items together without any mark and its "conjunction" style ends in 和, so it is not used. */
export function listJoin(lang: Lang, items: readonly string[]): string {
  return items.join(lang === 'zh' ? '、' : ', ');
}

/** A text with a note in brackets: 张伟（GD001） in Chinese (full-width, no space), 张伟 (GD001) in English. */
export function withNote(lang: Lang, text: string, note: string): string {
  return lang === 'zh' ? `${text}（${note}）` : `${text} (${note})`;
}

/** The language from --lang, KAOHE_LANG, LC_ALL, LC_MESSAGES, LANG: zh* means Chinese. */
export function langFrom(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const pick = flag ?? env.KAOHE_LANG;
  if (pick !== undefined && pick !== '') {
    if (pick === 'zh' || pick === 'en') return pick;
    return pick.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
