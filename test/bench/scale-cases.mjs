// Reports and lists at scale (issue 14): each case is a kaohe command on a big demo database
// (`kaohe demo --tickets 1000000 --notices 100000`) and its floor, the sqlite3 shell running the
// same SQL on the same file. The bench runner imports SCALE_CASES; run alone it measures them:
//   node test/bench/scale-cases.mjs --db FILE [--bin bin/kaohe.js] [--runs 5] [--only NAME]
// Times are for KAOHE_NOW 2026-11-27 10:00 in Asia/Shanghai (the demo's default clock).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// period bounds in epoch ms, Asia/Shanghai (UTC+8, no DST)
const cst = (y, m, d = 1) => Date.UTC(y, m - 1, d) - 8 * 3600_000;
const NOW = Date.UTC(2026, 10, 27, 2); // 2026-11-27 10:00 +08:00
const OCT = { start: cst(2026, 10), end: cst(2026, 11) };
const YEAR = { start: cst(2026, 1), end: cst(2027, 1) };

// the SQL of src/ticket/store-report.ts and src/guard/store-report.ts with the values bound
const slaFigures = (p) => `SELECT count(*),
  coalesce(sum(t.responded_entered_at <= ${NOW} AND t.responded_at <= t.deadline), 0),
  coalesce(sum(CASE WHEN t.responded_entered_at <= ${NOW} THEN t.responded_at > t.deadline ELSE t.deadline < ${NOW} END), 0),
  coalesce(sum(t.survey_rating IS NOT NULL AND t.surveyed_entered_at <= ${NOW}), 0),
  coalesce(sum(t.survey_rating >= 4 AND t.surveyed_entered_at <= ${NOW}), 0),
  coalesce(sum(EXISTS (SELECT 1 FROM ticket_complaints c WHERE c.ticket_id = t.id AND c.service_fault = 1 AND c.entered_at <= ${NOW})), 0)
  FROM tickets t WHERE t.reported_at >= ${p.start} AND t.reported_at < ${p.end} AND t.entered_at <= ${NOW}
  AND NOT (t.status = 'void' AND t.voided_entered_at <= ${NOW});`;
const months = (y) => Array.from({ length: 12 }, (_, i) => ({ start: cst(y, i + 1), end: i === 11 ? cst(y + 1, 1) : cst(y, i + 2) }));
const effective = (p) => `n.at >= ${p.start} AND n.at < ${p.end} AND n.effective_entered_at <= ${NOW}
  AND (n.void_entered_at IS NULL OR n.void_entered_at > ${NOW})`;
// the SQL report guard runs (src/guard/store-report.ts, store-fund.ts, core/late.ts), as it runs it
const guardReport = (p) => `SELECT ng.guard_id, coalesce(g.name, ng.guard_id), count(*), sum(ng.points), sum(ng.fine_fen), sum(ng.compensation_fen)
  FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id LEFT JOIN guards g ON g.id = ng.guard_id WHERE ${effective(p)} GROUP BY ng.guard_id;
SELECT coalesce(sum(CASE WHEN (n.effective_entered_at IS NULL OR n.effective_entered_at > ${NOW}) AND (n.void_entered_at IS NULL OR n.void_entered_at > ${NOW}) THEN 1 ELSE 0 END), 0),
  coalesce(sum(CASE WHEN n.void_entered_at <= ${NOW} THEN 1 ELSE 0 END), 0) FROM guard_notices n WHERE n.at >= ${p.start} AND n.at < ${p.end} AND n.created_at <= ${NOW};
${fundPeriod(p)}
SELECT n.rule, count(DISTINCT n.id), count(*), sum(ng.points), sum(ng.fine_fen)
  FROM guard_notices n INDEXED BY guard_notices_at JOIN guard_notice_guards ng ON ng.notice_id = n.id WHERE ${effective(p)} GROUP BY n.rule;
SELECT count(*) FROM (SELECT seq, at, actor, action, record_id, change, entered_at, late FROM audit
  WHERE late IS NOT NULL AND at >= ${p.start} AND at < ${p.end} AND coalesce(entered_at, at) <= ${NOW} AND substr(action, 1, length('guard.')) = 'guard.');
${fundAll}`;
// --by fault: the fault rows split the period's tickets, so the report's headline is their sum
const byFault = (p) => slaFigures(p).replace('SELECT count(*)', 'SELECT t.fault, count(*)').replace(/;$/, ' GROUP BY t.fault;');
const byAssignee = (p) => slaFigures(p).replace('SELECT count(*)', "SELECT coalesce(a.name, ''), count(*)")
  .replace('FROM tickets t WHERE', 'FROM tickets t LEFT JOIN ticket_assignees a ON a.ticket_id = t.id WHERE').replace(/;$/, " GROUP BY coalesce(a.name, '') ORDER BY 1;");
// the fine fund (src/guard/store.ts FUND_SQL): its balance over all history, and a period's moves
const FUND_SUMS = `SELECT coalesce(sum(amount_fen), 0), coalesce(sum(CASE WHEN kind = 'fine' THEN amount_fen END), 0),
  coalesce(sum(CASE WHEN kind = 'reversal' AND reward_id IS NULL THEN -amount_fen END), 0), coalesce(sum(CASE WHEN reward_id IS NOT NULL THEN -amount_fen END), 0) FROM guard_fund`;
const fundAll = `${FUND_SUMS} WHERE coalesce(entered_at, at) <= ${NOW};`;
const fundPeriod = (p) => `${FUND_SUMS} WHERE at >= ${p.start} AND at < ${p.end} AND coalesce(entered_at, at) <= ${NOW};`;
// a month's pay sheet (src/guard/month-history.ts, store-sheet.ts): each earlier month's lines
// summed per guard (the carry), the month's own notices with their guards (MONTH_FACTS_SQL)
const FIRST_NOTICE_MONTH = { y: 2025, m: 11 };
const monthSums = (p) => `SELECT ng.guard_id, sum(ng.points), sum(ng.fine_fen), sum(ng.compensation_fen) FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id
  WHERE n.at >= ${p.start} AND n.at < ${p.end} AND n.effective_entered_at <= ${NOW} AND n.effective_entered_at < 9007199254740991
  AND (n.void_entered_at IS NULL OR (n.void_entered_at > ${NOW} AND n.void_entered_at < 9007199254740991)) GROUP BY ng.guard_id ORDER BY ng.guard_id;`;
const monthsBefore = (p) => {
  const out = [];
  for (let k = FIRST_NOTICE_MONTH.y * 12 + FIRST_NOTICE_MONTH.m - 1; ; k++) {
    const m = { start: cst(Math.floor(k / 12), (k % 12) + 1), end: cst(Math.floor((k + 1) / 12), ((k + 1) % 12) + 1) };
    if (m.start >= p.start) return out;
    out.push(m);
  }
};
// the rules of data/rules.json with dismiss_at (src/guard/month.ts pendingTriggers, store-range.ts ofRule)
const DISMISS_RULES = [2, 8, 16];
const triggers = (p) => ['SELECT * FROM guards ORDER BY id;', 'SELECT min(at) FROM guard_notices;',
  ...DISMISS_RULES.map((r) => `SELECT * FROM guard_notices WHERE rule = ${r} AND at < ${p.end} ORDER BY at, id;
SELECT ng.notice_id, ng.guard_id, g.name, ng.points, ng.fine_fen, ng.compensation_fen FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id
  JOIN guards g ON g.id = ng.guard_id WHERE n.rule = ${r} AND n.at < ${p.end} ORDER BY ng.rowid;`), 'SELECT * FROM guard_keeps ORDER BY seq;',
  `SELECT seq, hash FROM audit WHERE entered_at <= ${NOW} ORDER BY seq DESC LIMIT 1;`];
const sheet = (p) => [...triggers(p), ...monthsBefore(p).map(monthSums),
  `SELECT json_group_array(json_array(id, rate, effective, voided, guard, points, fine, compensation)) FROM (
  SELECT n.id AS id, n.fen_per_point AS rate, n.effective_entered_at AS effective, n.void_entered_at AS voided,
  ng.guard_id AS guard, ng.points AS points, ng.fine_fen AS fine, ng.compensation_fen AS compensation
  FROM guard_notices n JOIN guard_notice_guards ng ON ng.notice_id = n.id JOIN guards g ON g.id = ng.guard_id
  WHERE n.at >= ${p.start} AND n.at < ${p.end} ORDER BY n.at, n.id, ng.rowid);`].join('\n');
// the twelve months up to October 2026 (report monthly's trend)
const trailing = Array.from({ length: 12 }, (_, i) => ({ start: cst(i < 2 ? 2025 : 2026, ((i + 10) % 12) + 1), end: cst(i < 1 ? 2025 : 2026, ((i + 11) % 12) + 1) }));
const list = (p) => `SELECT t.id, t.status, t.customer, t.vehicle, t.fault, t.reported_at, t.deadline, t.response_kind, t.responded_at,
  (SELECT group_concat(a.name, ', ') FROM ticket_assignees a WHERE a.ticket_id = t.id) FROM tickets t
  WHERE t.reported_at >= ${p.start} AND t.reported_at < ${p.end} ORDER BY t.reported_at, t.id;`;

/** name, the kaohe arguments, the floor's SQL, the goal (ratio to the floor; memory in MB where given). */
export const SCALE_CASES = [
  { name: 'report sla --month 2026-10', cmd: ['report', 'sla', '--month', '2026-10', '--json'], sqlFloor: slaFigures(OCT), goal: 1.3 },
  { name: 'report sla --year 2026', cmd: ['report', 'sla', '--year', '2026', '--json'], sqlFloor: slaFigures(YEAR), goal: 1.3 },
  { name: 'report sla --year 2026 --by month', cmd: ['report', 'sla', '--year', '2026', '--by', 'month', '--json'], sqlFloor: months(2026).map(slaFigures).join('\n'), goal: 1.3 },
  { name: 'report sla --month 2026-10 --by fault', cmd: ['report', 'sla', '--month', '2026-10', '--by', 'fault', '--json'], sqlFloor: byFault(OCT), goal: 1.3 },
  { name: 'report guard --year 2026', cmd: ['report', 'guard', '--year', '2026', '--json'], sqlFloor: guardReport(YEAR), goal: 1.3 },
  { name: 'report guard --month 2026-10', cmd: ['report', 'guard', '--month', '2026-10', '--json'], sqlFloor: guardReport(OCT), goal: 1.3 },
  { name: 'ticket list --month 2026-10', cmd: ['ticket', 'list', '--month', '2026-10'], sqlFloor: list(OCT), goal: 1.3, maxMB: 150 },
  { name: 'ticket list --month 2026-10 --json', cmd: ['ticket', 'list', '--month', '2026-10', '--json'], sqlFloor: list(OCT), goal: 1.3, maxMB: 150 },
  { name: 'db check', cmd: ['db', 'check'], sqlFloor: 'PRAGMA integrity_check;', goal: 1.2 },
  { name: 'report letters --year 2026', cmd: ['report', 'letters', '--year', '2026', '--json'], sqlFloor: months(2026).map((m) => `SELECT * FROM letters WHERE received_at >= ${m.start} AND received_at < ${m.end} ORDER BY received_at, id;`).join('\n'), goal: 1.3 },
  { name: 'report review', cmd: ['report', 'review', '--period', '2026Q3', '--json'], sqlFloor: `SELECT r.*, s.name FROM reviews r JOIN review_staff s ON s.id = r.staff_id WHERE r.period = '2026Q3' AND r.created_at <= ${NOW} ORDER BY s.id;
SELECT * FROM review_scores WHERE period = '2026Q3' AND entered_at <= ${NOW}; SELECT * FROM review_submissions WHERE period = '2026Q3' AND entered_at <= ${NOW};`, goal: 1.3 },
  { name: 'report monthly --month 2026-10', cmd: ['report', 'monthly', '--month', '2026-10', '--json'], sqlFloor: [...trailing.map(slaFigures), byFault(OCT), byAssignee(OCT), guardReport(OCT), sheet(OCT), fundAll].join('\n'), goal: 1.3 },
  { name: 'guard month --month 2026-10', cmd: ['guard', 'month', '--month', '2026-10', '--json'], sqlFloor: sheet(OCT), goal: 1.3 },
];

// ---- run alone ----------------------------------------------------------------------------
function main() {
  const args = process.argv.slice(2);
  const opt = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
  const db = opt('--db');
  if (!db) throw new Error('--db FILE: a database made by kaohe demo --tickets 1000000 --notices 100000');
  const bin = opt('--bin', fileURLToPath(new URL('../../bin/kaohe.js', import.meta.url)));
  const runs = Number(opt('--runs', 5));
  const only = opt('--only');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, KAOHE_TZ: 'Asia/Shanghai', KAOHE_LANG: 'en', KAOHE_USER: 'bench', KAOHE_NOW: '2026-11-27 10:00', KAOHE_DB: db };
  const run = (cmd, argv) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
    return { ms, kb: Number(r.stderr.trim().split('\n').pop()) };
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${'case'.padEnd(40)} ${'kaohe'.padStart(9)} ${'sqlite3'.padStart(9)} ratio  goal   RSS MB`);
  for (const c of SCALE_CASES) {
    if (only && !c.name.includes(only)) continue;
    const a = [];
    const b = [];
    let kb = 0;
    for (let i = 0; i < runs; i++) {
      // paired and alternated: both see the same machine load
      const f = run('sqlite3', ['-readonly', db, c.sqlFloor]);
      const k = run(process.execPath, [bin, ...c.cmd]);
      a.push(f.ms);
      b.push(k.ms);
      kb = Math.max(kb, k.kb);
    }
    const ratio = median(b) / median(a);
    console.log(`${c.name.padEnd(40)} ${median(b).toFixed(0).padStart(7)}ms ${median(a).toFixed(0).padStart(7)}ms ${ratio.toFixed(2).padStart(5)}  ${String(c.goal).padEnd(5)} ${(kb / 1024).toFixed(0).padStart(6)}${c.maxMB ? ` (< ${c.maxMB})` : ''}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
