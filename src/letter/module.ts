// The letter module (placeholder until its issue lands).
import type { KaoheModule } from '../core/cli.js';

export const letterModule: KaoheModule = {
  name: 'letter',
  messages: { zh: {}, en: {} },
  register() {},
};
