// The ticket module (SPEC §1): commands, `report sla`, deadline checks, invariants, demo data.
import type { KaoheModule } from '../core/cli.js';
import { offerAll } from '../core/completion.js';
import { FAULTS } from '../core/rules.js';
import { registerTicket } from './command.js';
import { registerSlaReport } from './command-report.js';
import { fillTickets, printTickets } from './demo.js';
import { ticketMonthly } from './monthly.js';
import { ticketMessages } from './messages.js';
import { RESPONSIBILITIES, STATUSES, TICKET_CHANNELS } from './types.js';
import { SLA_BREAKDOWNS } from './sla.js';
import { ticketChecks, ticketInvariants, ticketPendingAtClose } from './views.js';

export const ticketModule: KaoheModule = {
  name: 'ticket',
  messages: ticketMessages,
  register: (program) => {
    registerTicket(program);
    // what shell completion offers after the enum flags (kaohe ticket list --status <TAB>)
    offerAll(program, {
      'ticket list --status': [STATUSES, 'ticket.status.'], 'ticket list --fault': [FAULTS, 'ticket.fault.'],
      'ticket open --fault': [FAULTS, 'ticket.fault.'], 'ticket edit --fault': [FAULTS, 'ticket.fault.'],
      'ticket open --channel': [TICKET_CHANNELS, 'ticket.channel.'], 'ticket edit --channel': [TICKET_CHANNELS, 'ticket.channel.'],
      'ticket resolve --responsibility': [RESPONSIBILITIES, 'ticket.resp.'],
    });
  },
  registerReports: (report) => {
    registerSlaReport(report);
    offerAll(report, { 'sla --by': [SLA_BREAKDOWNS] });
  },
  checks: (ctx, db, within) => ticketChecks(ctx, db, within),
  invariants: (_ctx, db) => ticketInvariants(db),
  pendingAtClose: ticketPendingAtClose,
  monthly: ticketMonthly,
  demo: { fill: fillTickets, print: printTickets },
};
