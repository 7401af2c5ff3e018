// The letter module (来电来函, SPEC §2): commands, the `letters` report, checks, invariants, demo.
import type { KaoheModule } from '../core/cli.js';
import { registerLetter, registerLetterReports } from './command.js';
import { fillLetterDemo, printLetterDemo } from './demo.js';
import { letterMessages } from './messages.js';
import { letterChecks, letterInvariants, letterPendingAtClose } from './service.js';

export const letterModule: KaoheModule = {
  name: 'letter',
  messages: letterMessages,
  register: registerLetter,
  registerReports: registerLetterReports,
  checks: (ctx, db, within) => letterChecks(ctx, db, within),
  invariants: (_ctx, db) => letterInvariants(db),
  pendingAtClose: letterPendingAtClose,
  demo: { fill: fillLetterDemo, print: printLetterDemo },
};
