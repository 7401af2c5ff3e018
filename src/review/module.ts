// The review module (SPEC §5, 篇3 中层管理人员考核方法): the roster of reviewed managers with its
// changes over time, quarterly and annual cycles, self-reports and plans, initial and final
// scores, grades, filing with HR and the year-end bonus.
import type { KaoheModule } from '../core/cli.js';
import { registerReview, registerReviewReports } from './command.js';
import { fillReviewDemo, printReviewDemo } from './demo.js';
import { reviewMessages } from './messages.js';
import { reviewMonthly } from './monthly.js';
import { reviewChecks, reviewInvariants } from './report.js';

export const reviewModule: KaoheModule = {
  name: 'review',
  messages: reviewMessages,
  register: registerReview,
  registerReports: registerReviewReports,
  checks: reviewChecks,
  invariants: reviewInvariants,
  monthly: reviewMonthly,
  demo: { fill: fillReviewDemo, print: printReviewDemo },
};
