// The letter module (来电来函, SPEC §2): commands, the `letters` report, checks, invariants, demo.
import type { KaoheModule } from '../core/cli.js';
import { offerAll } from '../core/completion.js';
import { CHANNELS } from '../core/rules.js';
import { registerLetter, registerLetterReports } from './command.js';
import { fillLetterDemo, printLetterDemo } from './demo.js';
import { letterMessages } from './messages.js';
import { letterChecks, letterInvariants, letterPendingAtClose } from './service.js';
import { letterMonthly } from './monthly.js';

export const letterModule: KaoheModule = {
  name: 'letter',
  messages: letterMessages,
  register: (program) => {
    registerLetter(program);
    // what shell completion offers after the enum flags (kaohe letter log --channel <TAB>)
    offerAll(program, { 'letter log --channel': [CHANNELS, 'letter.channel.'], 'letter reply --channel': [CHANNELS, 'letter.channel.'] });
  },
  registerReports: registerLetterReports,
  checks: (ctx, db, within) => letterChecks(ctx, db, within),
  invariants: (_ctx, db) => letterInvariants(db),
  pendingAtClose: letterPendingAtClose,
  monthly: letterMonthly,
  demo: { fill: fillLetterDemo, print: printLetterDemo },
};
