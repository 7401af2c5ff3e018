// kaohe db path | completion — two small commands about kaohe itself: which database file this
// command line would use, and a shell completion script made from the command tree.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { action, defineCommand } from '../core/cli.js';
import { completionScript, SHELLS } from '../core/completion.js';
import { defaultDbPath } from '../core/db.js';
import { enumLabel, parseEnum } from '../core/enum.js';
import { emitRecord } from '../core/output.js';

export function registerTools(program: Command): void {
  const db = program.commands.find((c) => c.name() === 'db');
  if (db) {
    action(defineCommand(db, 'path', 'db.path.desc', ['kaohe db path', 'kaohe db path --json']), (ctx) => {
      const path = resolve(ctx.dbPath);
      const exists = existsSync(path);
      // where the name came from: --db, KAOHE_DB or the default place
      const from = ctx.env.KAOHE_DB && resolve(ctx.env.KAOHE_DB) === path ? 'KAOHE_DB' : path === resolve(defaultDbPath(ctx.env)) ? 'default' : '--db';
      emitRecord(ctx, { path, exists, from }, ctx.t(exists ? 'db.path.exists' : 'db.path.missing', { path, from: ctx.t(`db.path.from.${from}`) }));
    });
  }
  const completion = defineCommand(program, 'completion <shell>', 'completion.desc', ['kaohe completion bash >> ~/.bashrc', 'kaohe completion zsh > ~/.zfunc/_kaohe', 'kaohe completion fish > ~/.config/fish/completions/kaohe.fish']);
  action(completion, (ctx, _o, [shell]) => {
    const which = parseEnum(shell, 'SHELL', SHELLS);
    ctx.io.out(completionScript(which, completion.parent ?? program, (words, value) => enumLabel(ctx.lang, words, value)));
  });
}
