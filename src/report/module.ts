// `kaohe report ...` and `kaohe check`.
import type { KaoheModule } from '../core/cli.js';
import { registerReportGroup } from './command.js';
import { reportMessages } from './messages.js';

export const reportModule: KaoheModule = {
  name: 'report',
  messages: reportMessages,
  register: registerReportGroup,
};
