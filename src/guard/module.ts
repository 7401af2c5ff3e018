// The guard module (SPEC §4, 篇2 物业小区保安队员考核细则): roster, two-sided deduction notices,
// the monthly pay sheet for finance, the fine fund, dismissal triggers.
import type { KaoheModule } from '../core/cli.js';
import { registerGuard, registerGuardReports } from './command.js';
import { fillGuardDemo, printGuardDemo } from './demo.js';
import { guardMessages } from './messages.js';
import { guardMonthly } from './monthly.js';
import { guardChecks, guardInvariants } from './report.js';

export const guardModule: KaoheModule = {
  name: 'guard',
  messages: guardMessages,
  register: registerGuard,
  registerReports: registerGuardReports,
  checks: guardChecks,
  invariants: guardInvariants,
  monthly: guardMonthly,
  demo: { fill: fillGuardDemo, print: printGuardDemo },
};
