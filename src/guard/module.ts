// The guard module (placeholder until its issue lands).
import type { KaoheModule } from '../core/cli.js';

export const guardModule: KaoheModule = {
  name: 'guard',
  messages: { zh: {}, en: {} },
  register() {},
};
