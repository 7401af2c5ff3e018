// The pay sheet and the fine fund over time, as pure functions (SPEC §0 "Two times", "Closed
// months"; §4): no database, no clock. Every fact carries when it was ENTERED, so a sheet "as of"
// a moment counts only what had been entered by then; an issued (closed) month's sheet is the one
// as of its issuing; a notice that becomes effective after its month was issued counts on the
// first open month's sheet as 补扣, and a void of a notice already on an issued sheet counts there
// as a negative 补扣. Net pay never goes below zero: the rest is carried (结转) to the next month.

/** Months as 'YYYY-MM' compare as text. */
export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export interface Issue {
  month: string;
  enteredAt: number;
  headSeq: number;
  headHash: string;
}

export interface NoticeFacts {
  id: string;
  /** the month the violation happened in */
  month: string;
  effectiveEnteredAt: number | null;
  voidEnteredAt: number | null;
  guards: Array<{ guardId: string; points: number; fineFen: number; compensationFen: number }>;
}

/** The issue that closed `month`: the first one entered of that month or a later one (issuing a
 *  month closes every earlier month too). */
export function closingIssue(issues: Issue[], month: string): Issue | null {
  let best: Issue | null = null;
  for (let k = 0; k < issues.length; k++) {
    const i = issues[k];
    if (i.month >= month && (best === null || i.enteredAt < best.enteredAt)) best = i;
  }
  return best;
}

/** When `month` was closed for guards (Infinity: open). */
export function closedFrom(issues: Issue[], month: string): number {
  return closingIssue(issues, month)?.enteredAt ?? Number.POSITIVE_INFINITY;
}

/** The month in which something dated in `month` and entered at `enteredAt` counts: its own month,
 *  or the first month still open when it was entered. */
export function countsIn(issues: Issue[], month: string, enteredAt: number): string {
  let last: string | null = null;
  for (let k = 0; k < issues.length; k++) {
    const i = issues[k];
    if (i.enteredAt <= enteredAt && (last === null || i.month > last)) last = i.month;
  }
  return last !== null && last >= month ? nextMonth(last) : month;
}

export interface SheetEntry {
  notice: string;
  /** the month of the violation */
  month: string;
  guardId: string;
  /** negative for the void of a notice already on an issued sheet */
  points: number;
  fineFen: number;
  compensationFen: number;
  /** 补扣: counted in a later month than its own */
  adjustment: boolean;
}

/** What counts on the sheet of `month` as of `cutoff` (entry times at or before it). The loops of
 *  this file that run per notice are indexed, not for-of, and make no closure per notice: a month
 *  of a big site is ~9,000 notices per guard's chain, mostly run before V8 optimises the loop, and
 *  there each for-of step and closure costs (guard month at 1M tickets: ~40M instructions). */
export function entriesOn(notices: NoticeFacts[], issues: Issue[], month: string, cutoff: number): SheetEntry[] {
  const out: SheetEntry[] = [];
  for (let k = 0; k < notices.length; k++) {
    const n = notices[k];
    const e = n.effectiveEnteredAt;
    if (e === null || e > cutoff) continue;
    const target = countsIn(issues, n.month, e);
    const v = n.voidEnteredAt !== null && n.voidEnteredAt <= cutoff ? n.voidEnteredAt : null;
    // voided while its sheet was still open: it simply is not there; voided after: reversed later
    const reversed = v !== null && closedFrom(issues, target) <= v;
    if (target === month && (v === null || reversed)) pushLines(out, n, 1, target !== n.month);
    if (reversed && countsIn(issues, target, v as number) === month) pushLines(out, n, -1, true);
  }
  return out;
}

/** The notice's lines as entries of a sheet, reversed (sign -1) or not. */
function pushLines(out: SheetEntry[], n: NoticeFacts, sign: 1 | -1, adjustment: boolean): void {
  for (let k = 0; k < n.guards.length; k++) {
    const g = n.guards[k];
    out.push({ notice: n.id, month: n.month, guardId: g.guardId, points: sign * g.points, fineFen: sign * g.fineFen, compensationFen: sign * g.compensationFen, adjustment });
  }
}

export interface GuardFacts {
  id: string;
  basePayFen: number;
  /** the month hired (default: the month added) */
  hiredMonth: string;
  enteredAt: number;
  dismissMonth: string | null;
  dismissEnteredAt: number | null;
}

export interface PayLine {
  month: string;
  /** on this month's sheet: hired by then and not dismissed before it */
  onSheet: boolean;
  /** the dismissal month: 末次工资 */
  finalPay: boolean;
  baseFen: number;
  points: number;
  fineFen: number;
  compensationFen: number;
  entries: SheetEntry[];
  carriedInFen: number;
  carriedOutFen: number;
  netFen: number;
}

/** The cut-off of a month's sheet read at `asOf`: the moment it was closed, if before. */
export function cutoffOf(issues: Issue[], month: string, asOf: number): number {
  return Math.min(asOf, closedFrom(issues, month));
}

/** One guard's sheets month by month up to `upTo`, each as of its cut-off, the carry (结转)
 *  running from one to the next. `notices` may hold other guards' notices too. */
export function payChain(g: GuardFacts, notices: NoticeFacts[], issues: Issue[], upTo: string, asOf: number): PayLine[] {
  const mine = notices.filter((n) => n.guards.some((x) => x.guardId === g.id));
  let month = mine.reduce((m, n) => (n.month < m ? n.month : m), g.hiredMonth);
  const onSheets = sheetMonths(mine, issues);
  const out: PayLine[] = [];
  let carried = 0;
  while (month <= upTo) {
    const cutoff = cutoffOf(issues, month, asOf);
    const dismissed = g.dismissEnteredAt !== null && g.dismissEnteredAt <= cutoff ? g.dismissMonth : null;
    const onSheet = g.enteredAt <= cutoff && month >= g.hiredMonth && (dismissed === null || month <= dismissed);
    const entries = entriesOn(onSheets.get(month) ?? [], issues, month, cutoff).filter((e) => e.guardId === g.id);
    const sum = (f: (e: SheetEntry) => number) => entries.reduce((s, e) => s + f(e), 0);
    const fine = sum((e) => e.fineFen);
    const comp = sum((e) => e.compensationFen);
    const base = onSheet ? g.basePayFen : 0;
    const due = fine + comp + carried;
    const net = Math.max(0, base - due);
    const line: PayLine = {
      month, onSheet, finalPay: onSheet && dismissed === month, baseFen: base, points: sum((e) => e.points), fineFen: fine, compensationFen: comp,
      entries, carriedInFen: carried, carriedOutFen: Math.max(0, due - base), netFen: net,
    };
    out.push(line);
    carried = line.carriedOutFen;
    month = nextMonth(month);
  }
  return out;
}

/** The notices grouped by the months whose sheets can carry them, in their order: a notice is on
 *  at most two sheets whatever the cut-off, the month it counts in (countsIn of its entry) and,
 *  voided after that month was closed, the month the reversal counts in (countsIn of the void).
 *  entriesOn over a month's group gives what it gives over every notice: the others have no line
 *  there. So a chain of many months looks at each notice once, not once per month (issue 14). */
export function sheetMonths(notices: NoticeFacts[], issues: Issue[]): Map<string, NoticeFacts[]> {
  const out = new Map<string, NoticeFacts[]>();
  for (let k = 0; k < notices.length; k++) {
    const n = notices[k];
    if (n.effectiveEnteredAt === null) continue;
    const target = countsIn(issues, n.month, n.effectiveEnteredAt);
    putOnce(out, target, n);
    if (n.voidEnteredAt !== null) putOnce(out, countsIn(issues, target, n.voidEnteredAt), n);
  }
  return out;
}

/** The facts each guard has a line in, each list in the order of `facts`: payChain is given one
 *  guard's, so it does not look through every guard's (at 1,000,000 tickets, 12 guards times the
 *  ~9,000 notices of a month and the carries, each searched for the guard). */
export function factsByGuard(facts: NoticeFacts[]): Map<string, NoticeFacts[]> {
  const out = new Map<string, NoticeFacts[]>();
  for (let i = 0; i < facts.length; i++) {
    const n = facts[i];
    for (let k = 0; k < n.guards.length; k++) putOnce(out, n.guards[k].guardId, n);
  }
  return out;
}

/** Adds the notice to the key's list, once (notices come in order: a repeat is the last one). */
function putOnce(out: Map<string, NoticeFacts[]>, key: string, n: NoticeFacts): void {
  const list = out.get(key);
  if (list === undefined) out.set(key, [n]);
  else if (list[list.length - 1] !== n) list.push(n);
}

export interface FundMove {
  at: number;
  amountFen: number;
}

/** The lowest balance of the fund at or after `from` (the balance at a moment is the sum of the
 *  moves dated at or before it), and the first moment it is reached. */
export function lowestFrom(moves: FundMove[], from: number): { at: number; balanceFen: number } {
  const sorted = [...moves].sort((a, b) => a.at - b.at);
  let balance = 0;
  let i = 0;
  while (i < sorted.length && sorted[i].at <= from) balance += sorted[i++].amountFen;
  let low = { at: from, balanceFen: balance };
  while (i < sorted.length) {
    const t = sorted[i].at;
    while (i < sorted.length && sorted[i].at === t) balance += sorted[i++].amountFen;
    if (balance < low.balanceFen) low = { at: t, balanceFen: balance };
  }
  return low;
}
