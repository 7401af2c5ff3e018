// The domain of a service ticket (服务单), as the rest of the module sees it: camelCase, instants
// as epoch ms, money as fen. store.ts maps rows to these types at its border.
import type { FaultKind, ResponseKind } from '../core/rules.js';

export type { FaultKind, ResponseKind };

export const STATUSES = ['open', 'dispatched', 'responded', 'resolved', 'signed', 'approved', 'void'] as const;
export type Status = (typeof STATUSES)[number];

export const RESPONSIBILITIES = ['service', 'product', 'supplier', 'customer', 'other'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

export const TICKET_CHANNELS = ['phone', 'letter', 'visit'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** met / missed / pending as of a moment (SPEC §1.3) */
export type SlaState = 'met' | 'missed' | 'pending';

export interface Part {
  code: string;
  qty: number;
  reason: string | null;
}

export interface Complaint {
  serviceFault: boolean;
  note: string;
  at: number;
  /** when it was entered (SPEC §0 two times); the happened time when not given */
  enteredAt?: number;
}

/** The steps whose entry time is kept beside their happened time (SPEC §0). */
export const ENTERED_STEPS = ['open', 'dispatch', 'respond', 'resolve', 'feedback', 'sign', 'approve', 'survey', 'void'] as const;
export type EnteredStep = (typeof ENTERED_STEPS)[number];
export type EnteredAt = Record<EnteredStep, number | null>;

export interface Assignee {
  name: string;
  lead: boolean;
}

/** What a customer reports and what decides the deadline. */
export interface Report {
  customer: string;
  phone: string;
  contact: string | null;
  address: string | null;
  vehicle: string;
  model: string | null;
  fault: FaultKind;
  distanceKm: number;
  supplier: boolean;
  channel: TicketChannel;
  description: string | null;
  reportedAt: number;
}

export interface Ticket extends Report {
  id: string;
  status: Status;
  letterId: string | null;
  responseKind: ResponseKind;
  deadline: number;
  feedbackRequired: boolean;
  assignees: Assignee[];
  lead: string | null;
  loanFen: number;
  dispatchedAt: number | null;
  respondedAt: number | null;
  responseNote: string | null;
  resolvedAt: number | null;
  cause: string | null;
  responsibility: Responsibility | null;
  warranty: boolean | null;
  warrantyReason: string | null;
  parts: Part[];
  major: boolean;
  feedbackAt: number | null;
  feedbackNote: string | null;
  signedBy: string | null;
  signedAt: number | null;
  approvedBy: string | null;
  approvedAt: number | null;
  surveyRating: number | null;
  surveyNote: string | null;
  surveyedAt: number | null;
  complaints: Complaint[];
  voidReason: string | null;
  voidedAt: number | null;
  createdBy: string;
  /** when each step was entered; null for a step not taken */
  entered: EnteredAt;
  /** the facts the warranty verdict rests on (3.4.2 B/C), recorded with the resolution */
  facts?: ServiceFacts | null;
  /** the trip's expense claim (报销, 3.4.3 D) settling the advance */
  expense?: Expense | null;
  /** the corrections of the report (ticket edit), oldest first, with the values before each */
  revisions?: Revision[];
}

/** 3.4.2 B/C 听·看: the vehicle's running time and mileage, whether the faulty part had been
 *  taken apart before (是否被拆过), and a note. */
export interface ServiceFacts {
  mileageKm: number | null;
  runningHours: number | null;
  takenApart: boolean;
  note: string | null;
}

export const EXPENSE_KINDS = ['travel', 'lodging', 'freight', 'other'] as const;
export type ExpenseKind = (typeof EXPENSE_KINDS)[number];

/** An expense claim: amounts by kind in fen, the voucher count, who claimed it and who approved
 *  it; the settlement (advance − total) is fixed at approval: > 0 returned, < 0 paid out. */
export interface Expense {
  fen: Record<ExpenseKind, number>;
  vouchers: number;
  claimedBy: string;
  claimedAt: number;
  claimedEnteredAt: number;
  approvedBy: string | null;
  approvedAt: number | null;
  approvedEnteredAt: number | null;
  settlementFen: number | null;
}

/** The fields a correction may change, as they were before it. */
export type RevisedFields = Report & { responseKind: ResponseKind; deadline: number; feedbackRequired: boolean };

export interface Revision {
  seq: number;
  at: number;
  enteredAt: number;
  before: RevisedFields;
}

/** The figures of SPEC §1.3 for one period (or one group of it). */
export interface SlaCounts {
  tickets: number;
  met: number;
  missed: number;
  pending: number;
  surveyed: number;
  satisfied: number;
  /** tickets with at least one complaint where service_fault is yes */
  complaints: number;
}
