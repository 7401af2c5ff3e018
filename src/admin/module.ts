// db, audit, rules and demo: the commands about kaohe itself rather than a regulation.
import type { KaoheModule } from '../core/cli.js';
import { coreMessages } from '../core/messages.js';
import { registerDemo } from '../demo/command.js';
import { registerAdmin } from './command.js';
import { registerClose } from './command-close.js';
import { registerTools } from './command-tools.js';

export const adminModule: KaoheModule = {
  name: 'admin',
  messages: coreMessages,
  register(program) {
    registerAdmin(program);
    registerClose(program);
    registerTools(program);
    registerDemo(program);
  },
};
