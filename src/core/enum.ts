// One parser for every enum flag and prompt (CLI.md, second wave): a value is accepted as its
// code (body), its English words (case-insensitive) or its Chinese words exactly as the zh
// tables print them (车身, 已派工), or a unique start of them (物业 for 物业小区, 产品 for 产品质量),
// whatever the language mode. The words come from the message catalogs (`words` is the key
// prefix, e.g. `ticket.fault.`), so a module declares nothing twice. Records keep the code.
import { InputError } from './errors.js';
import { t, type Lang } from './i18n.js';

/** The words of one value in a language, or null when the catalog has none. */
export function enumLabel(lang: Lang, words: string | undefined, value: string): string | null {
  if (!words) return null;
  const key = `${words}${value}`;
  const text = t(lang, key);
  return text === key ? null : text;
}

const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The code a text names, or undefined. */
export function matchEnum<T extends string>(text: string, values: readonly T[], words?: string): T | undefined {
  const s = norm(text);
  if (s === '') return undefined;
  const byCode = values.find((v) => v.toLowerCase() === s);
  if (byCode) return byCode;
  const exact = values.filter((v) => [enumLabel('zh', words, v), enumLabel('en', words, v)].some((l) => l !== null && norm(l) === s));
  if (exact.length === 1) return exact[0];
  // a start of the Chinese words (物业 → 物业小区), when only one value begins so
  if (/\p{Script=Han}/u.test(s)) {
    const starts = values.filter((v) => {
      const l = enumLabel('zh', words, v);
      return l !== null && norm(l).startsWith(s);
    });
    if (starts.length === 1) return starts[0];
  }
  return undefined;
}

/** The allowed values for a message: zh as the Chinese words (with the code), en as the codes. */
export function enumLists(values: readonly string[], words?: string): { zh: string; en: string } {
  return {
    zh: values.map((v) => enumLabel('zh', words, v) ?? v).join(' | '),
    en: values.map((v) => {
      const l = enumLabel('en', words, v);
      return l !== null && norm(l) !== v ? `${v} (${l})` : v;
    }).join(' | '),
  };
}

/** The refusal listing the values; values without words in either language are listed once. */
function refusal(key: string, params: Record<string, string>, values: readonly string[], words?: string): InputError {
  const lists = enumLists(values, words);
  return lists.zh === lists.en ? new InputError(`${key}_plain`, { ...params, choices: lists.en }) : new InputError(key, { ...params, ...lists });
}

/** An enum flag's value: exit 2 naming the flag and listing the allowed values when it is not one. */
export function parseEnum<T extends string>(text: string, field: string, values: readonly T[], words?: string): T {
  const hit = matchEnum(text, values, words);
  if (hit === undefined) throw refusal('input.enum', { field, value: text }, values, words);
  return hit;
}

/** A required enum flag: missing is exit 2 listing the allowed values, as is a wrong one. */
export function requireEnum<T extends string>(text: string | undefined, field: string, values: readonly T[], words?: string): T {
  if (text === undefined || text.trim() === '') throw refusal('input.enum_missing', { field }, values, words);
  return parseEnum(text, field, values, words);
}

/** An optional enum flag: undefined stays undefined. */
export function optionalEnum<T extends string>(text: string | undefined, field: string, values: readonly T[], words?: string): T | undefined {
  return text === undefined ? undefined : parseEnum(text, field, values, words);
}

/** The choices of a prompt for an enum, in the user's words. */
export function enumChoices<T extends string>(lang: Lang, values: readonly T[], words?: string): Array<{ name: string; value: T }> {
  return values.map((v) => ({ name: enumLabel(lang, words, v) ?? v, value: v }));
}
