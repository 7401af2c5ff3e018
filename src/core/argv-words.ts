// The words of a command line that name the command (`ticket`, `show`), global options and their
// values skipped. Shared by entry.ts (which picks the code cache before main.cjs is loaded, so it
// may import nothing heavy) and main.ts (which loads only the modules the command needs).

/** The global options that take a value. */
const GLOBALS_WITH_VALUE = new Set(['--db', '--as', '--lang', '--now', '--rules', '--xlsx']);

/** The first `max` words that are not options nor a global option's value. */
export function leadingWords(argv: string[], max: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < max; i++) {
    if (GLOBALS_WITH_VALUE.has(argv[i])) i += 1;
    else if (!argv[i].startsWith('-')) words.push(argv[i]);
  }
  return words;
}
