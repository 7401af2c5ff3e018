// The guard module (SPEC §4, 篇2 物业小区保安队员考核细则): roster, two-sided deduction notices,
// the monthly pay sheet for finance, the fine fund, dismissal triggers.
import type { KaoheModule } from '../core/cli.js';
import { offerAll } from '../core/completion.js';
import { registerGuard, registerGuardReports } from './command.js';
import { fillGuardDemo, printGuardDemo } from './demo.js';
import { guardMessages } from './messages.js';
import { guardMonthly } from './monthly.js';
import { guardChecks, guardInvariants } from './report.js';
import { INSPECTION_KINDS, SIDES } from './rules.js';

export const guardModule: KaoheModule = {
  name: 'guard',
  messages: guardMessages,
  register: (program) => {
    registerGuard(program);
    // what shell completion offers after the enum flags (kaohe guard deduct --kind <TAB>)
    offerAll(program, {
      'guard deduct --kind': [INSPECTION_KINDS, 'guard.kind.'], 'guard sign --side': [SIDES, 'guard.side.'],
      'guard list --status': [['active', 'dismissed'], 'guard.status.'], 'guard notices --status': [['draft', 'effective', 'void'], 'guard.status.'],
    });
  },
  registerReports: registerGuardReports,
  checks: guardChecks,
  invariants: guardInvariants,
  monthly: guardMonthly,
  demo: { fill: fillGuardDemo, print: printGuardDemo },
};
