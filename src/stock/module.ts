// The stock module (SPEC §3, 篇1 3.6–3.8): the parts store and its stations, requisitions and
// their write-off, old parts and their monthly disposal, stocktakes, secondary claims.
import type { KaoheModule } from '../core/cli.js';
import { registerStock } from './command.js';
import { registerStockReports } from './command-read.js';
import { fillStockDemo, printStockDemo } from './demo.js';
import { stockMessages } from './messages.js';
import { stockMonthly } from './monthly.js';
import { stockChecks, stockInvariants } from './report.js';
import { stockPendingAtClose } from './closed.js';

export const stockModule: KaoheModule = {
  name: 'stock',
  messages: stockMessages,
  register: registerStock,
  registerReports: registerStockReports,
  checks: stockChecks,
  invariants: stockInvariants,
  pendingAtClose: stockPendingAtClose,
  monthly: stockMonthly,
  demo: { fill: fillStockDemo, print: printStockDemo },
};
