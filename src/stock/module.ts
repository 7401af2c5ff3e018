// The stock module (SPEC §3, 篇1 3.6–3.8): the parts store and its stations, requisitions and
// their write-off, old parts and their monthly disposal, stocktakes, secondary claims.
import type { KaoheModule } from '../core/cli.js';
import { offerAll } from '../core/completion.js';
import { registerStock } from './command.js';
import { registerStockReports } from './command-read.js';
import { fillStockDemo, printStockDemo } from './demo.js';
import { stockMessages } from './messages.js';
import { stockMonthly } from './monthly.js';
import { stockChecks, stockInvariants } from './report.js';
import { stockPendingAtClose } from './closed.js';
import { CLAIM_STATUSES, DISPOSE_HOW, QUALITIES } from './rules.js';

export const stockModule: KaoheModule = {
  name: 'stock',
  messages: stockMessages,
  register: (program) => {
    registerStock(program);
    // what shell completion offers after the enum flags (kaohe stock receive --quality <TAB>)
    offerAll(program, {
      'stock receive --quality': [QUALITIES, 'stock.quality.'], 'stock quality --quality': [['ok', 'rejected'], 'stock.quality.'],
      'stock return --quality': [QUALITIES, 'stock.quality.'], 'stock dispose --how': [DISPOSE_HOW, 'stock.how.'],
      'stock claim set --status': [CLAIM_STATUSES, 'stock.claim.status.'],
    });
  },
  registerReports: registerStockReports,
  checks: stockChecks,
  invariants: stockInvariants,
  pendingAtClose: stockPendingAtClose,
  monthly: stockMonthly,
  demo: { fill: fillStockDemo, print: printStockDemo },
};
