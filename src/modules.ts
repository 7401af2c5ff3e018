// Every part of kaohe, in the order their commands, demo data and checks run. Each is loaded on
// demand (esbuild puts each in its own chunk): `kaohe ticket show` compiles the core and the
// ticket module only, which keeps start-up within budget as modules are added. Commands that
// span modules (check, report, demo, db check, help) load them all.
import type { KaoheModule } from './core/cli.js';

interface ModuleEntry {
  name: string;
  /** the top-level command words that need only this module (and admin) */
  commands: string[];
  load: () => Promise<KaoheModule>;
}

const ENTRIES: ModuleEntry[] = [
  { name: 'admin', commands: ['audit', 'rules'], load: async () => (await import('./admin/module.js')).adminModule },
  { name: 'letter', commands: ['letter'], load: async () => (await import('./letter/module.js')).letterModule },
  { name: 'ticket', commands: ['ticket'], load: async () => (await import('./ticket/module.js')).ticketModule },
  { name: 'guard', commands: ['guard'], load: async () => (await import('./guard/module.js')).guardModule },
  { name: 'review', commands: ['review'], load: async () => (await import('./review/module.js')).reviewModule },
  { name: 'report', commands: [], load: async () => (await import('./report/module.js')).reportModule },
];

export const MODULE_NAMES = ENTRIES.map((e) => e.name);

/** The modules a command word needs: admin plus its own module, nothing (null, for
 *  --version: none), or all of them (undefined, or a word that spans modules). */
export async function loadModules(command?: string | null): Promise<KaoheModule[]> {
  const own = command ? ENTRIES.find((e) => e.commands.includes(command)) : undefined;
  const picked = command === null ? [] : own === undefined ? ENTRIES : ENTRIES.filter((e) => e.name === 'admin' || e === own);
  return Promise.all(picked.map((e) => e.load()));
}
