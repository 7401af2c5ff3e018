// A second person with a name already on a roster (two guards called 张伟) is allowed, but never
// silently: at a terminal kaohe warns and asks; without one it needs --yes. Afterwards each is
// addressed by id, which the message says (an ambiguous name is then exit 2 listing the ids).
import type { Context } from './context.js';
import { InputError } from './errors.js';
import { confirm } from './prompt.js';

/** Whether adding `name` again may go ahead; throws when it may not. `existing` are the ids of
 *  the records already so named; `flag` is the flag naming them later (--guard, --who). */
export async function allowSameName(ctx: Context, name: string, existing: string[], yes: boolean, flag: string): Promise<boolean> {
  if (existing.length === 0) return false;
  const params = { name, ids: existing, flag, field: '--yes' };
  if (!yes) {
    if (!ctx.interactive) throw new InputError('dup.name', params);
    ctx.io.err(`${ctx.t('dup.warning', params)}\n`);
    if (!(await confirm(ctx, 'dup.confirm', params, false))) throw new InputError('input.cancelled');
  }
  return true;
}

/** The line after a namesake was added: both ids and how to name each from now on. */
export function sameNameHint(ctx: Context, name: string, ids: string[], flag: string): string {
  return ctx.t('dup.added', { name, ids, flag, id: ids[ids.length - 1] });
}
