// Every part of kaohe, in the order their commands, demo data and checks run, and the static
// command index: which module registers which top-level command word and which `report X`.
// Each module is loaded on demand (esbuild puts each in its own chunk): `kaohe ticket show` and
// `kaohe report sla` compile the core and the ticket module only, which keeps start-up within
// budget as modules are added (ISSUE 14). Commands that span modules (check, report monthly,
// demo, db check, help, an unknown word) load them all. test/core/command-index.test.ts checks
// this index against the program the modules really build: a new command word or report is
// added here in the same change.
import type { KaoheModule } from './core/cli.js';

interface ModuleEntry {
  name: string;
  /** the top-level command words this module registers (they need only this module) */
  commands: string[];
  /** the `kaohe report X` subcommands it registers */
  reports?: string[];
  load: () => Promise<KaoheModule>;
}

const ENTRIES: ModuleEntry[] = [
  // demo, db check, completion and close/reopen/closed (every module's pending items and
  // closing hooks) span modules: not listed, so they load them all
  { name: 'admin', commands: ['audit', 'rules'], load: async () => (await import('./admin/module.js')).adminModule },
  { name: 'letter', commands: ['letter'], reports: ['letters'], load: async () => (await import('./letter/module.js')).letterModule },
  { name: 'ticket', commands: ['ticket'], reports: ['sla'], load: async () => (await import('./ticket/module.js')).ticketModule },
  { name: 'guard', commands: ['guard'], reports: ['guard'], load: async () => (await import('./guard/module.js')).guardModule },
  { name: 'stock', commands: ['stock'], reports: ['stock'], load: async () => (await import('./stock/module.js')).stockModule },
  { name: 'review', commands: ['review'], reports: ['review'], load: async () => (await import('./review/module.js')).reviewModule },
  // the `report` group itself (with report monthly, which spans modules) and `kaohe check`
  { name: 'report', commands: [], load: async () => (await import('./report/module.js')).reportModule },
];

/** The command words and reports of the index, for its test. */
export const COMMAND_INDEX = ENTRIES.map((e) => ({ name: e.name, commands: e.commands, reports: e.reports ?? [] }));

export const MODULE_NAMES = ENTRIES.map((e) => e.name);

/** The modules a command line needs: the one module that registers its command word (or, for
 *  `report X`, report X), nothing (null, for --version), or all of them (undefined, a word that
 *  spans modules, or one the index does not know: commander then suggests the right one). */
export async function loadModules(command?: string | null, sub?: string): Promise<KaoheModule[]> {
  const own = !command
    ? undefined
    : command === 'report'
      ? sub === undefined ? undefined : ENTRIES.find((e) => e.reports?.includes(sub))
      : ENTRIES.find((e) => e.commands.includes(command));
  const picked = command === null ? [] : own === undefined ? ENTRIES : [own];
  return Promise.all(picked.map((e) => e.load()));
}
