// The ticket module (placeholder until its issue lands).
import type { KaoheModule } from '../core/cli.js';

export const ticketModule: KaoheModule = {
  name: 'ticket',
  messages: { zh: {}, en: {} },
  register() {},
};
