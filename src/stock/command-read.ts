// kaohe stock balance | ledger | slip | show | claim ... | check, and kaohe report stock — the
// commands that read, plus the claims (thin: flags, one service call, rendering).
import type { Command } from 'commander';
import { emitChecks, withinOf } from '../core/checks.js';
import { action, d, defineCommand, defineGroup, periodOf, periodOptions } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { NotFoundError } from '../core/errors.js';
import { parseInteger } from '../core/input.js';
import { monthPeriod, parseMonth } from '../core/period.js';
import { emit, emitRecord } from '../core/output.js';
import { balances, ledger, stockChecks, stockReport } from './report.js';
import { parseLoc } from './rules.js';
import type { Done } from './service.js';
import { openClaim, setClaim } from './service-claim.js';
import * as store from './store.js';
import { claimJson, claimLine, claimsView, renderBalances, renderLedger, renderReport, writeOffJson, writeOffLines } from './view.js';
import { printSlip, showRecord } from './view-slip.js';
import { asRead } from './writeoff.js';

/** Every step takes --at and, for a late entry (补录), --reason. */
export const AT = (cmd: Command) => cmd.option('--at <time>', d('stock.opt.at')).option('--reason <text>', d('stock.opt.late_reason'));

function claimOut(ctx: Context, done: Done<store.Claim>): void {
  emitRecord(ctx, { ...claimJson(ctx, done.result), written_off: writeOffJson(ctx, done.writtenOff) }, [claimLine(ctx, done.result), ...writeOffLines(ctx, done.writtenOff)].join('\n'));
}

export function registerStockReads(g: Command): void {
  action(
    defineCommand(g, 'balance', 'stock.balance.desc', ['kaohe stock balance', 'kaohe stock balance --loc station:哈尔滨服务站 --json'])
      .option('--loc <loc>', d('stock.opt.loc')).option('--part <code>', d('stock.opt.part')),
    (ctx, o) => renderBalances(ctx, balances(ctx, ctx.db(), { loc: o.loc === undefined ? null : parseLoc(o.loc, '--loc'), part: o.part ?? null })),
  );
  action(
    periodOptions(defineCommand(g, 'ledger <code>', 'stock.ledger.desc', ['kaohe stock ledger P-001 --month 2026-11', 'kaohe stock ledger P-001 --loc main --year 2026 --csv']))
      .option('--loc <loc>', d('stock.opt.loc')),
    (ctx, o, [code]) => {
      const db = ctx.db();
      if (!store.getPart(db, code)) throw new NotFoundError('stock.part_not_found', { code });
      renderLedger(ctx, ledger(ctx, db, code, o.loc === undefined ? null : parseLoc(o.loc, '--loc'), periodOf(ctx, o)));
    },
  );
  action(
    defineCommand(g, 'slip <id>', 'stock.slip.desc', ['kaohe stock slip S2026-0001', 'kaohe stock slip S2026-0004 --copies 1']).option('--copies <n>', d('stock.opt.copies')),
    (ctx, o, [id]) => {
      const copies = o.copies === undefined ? null : parseInteger(o.copies, '--copies', 1, 10);
      const db = ctx.db();
      const s = store.getSlip(db, id.trim().toUpperCase());
      if (!s) throw new NotFoundError('stock.slip_not_found', { id });
      printSlip(ctx, db, s, copies);
    },
  );
  action(defineCommand(g, 'show <id>', 'stock.show.desc', ['kaohe stock show Q2026-0001', 'kaohe stock show S2026-0001']), (ctx, _o, [raw]) => {
    const id = raw.trim().toUpperCase();
    const db = ctx.db();
    const kind = id[0];
    const stored = kind === 'Q' ? store.getRequisition(db, id) : undefined;
    const record = kind === 'Q' ? (stored && asRead(db, stored)) : kind === 'S' ? store.getSlip(db, id) : kind === 'C' ? store.getClaim(db, id) : undefined;
    if (!record) throw new NotFoundError('stock.record_not_found', { id: raw });
    showRecord(ctx, db, id, kind as 'Q' | 'S' | 'C', record);
  });

  const c = defineGroup(g, 'claim', 'stock.claim.desc');
  action(
    AT(defineCommand(c, 'open', 'stock.claim.open.desc', 'kaohe stock claim open --supplier 齐鲁制动 --ticket T2026-0001 --part P-001 --amount 171')
      .option('--supplier <name>', d('stock.opt.supplier')).option('--ticket <tid>', d('stock.opt.ticket')).option('--part <code>', d('stock.opt.part'))
      .option('--amount <yuan>', d('stock.opt.amount'))),
    (ctx, o) => {
      claimOut(ctx, openClaim(ctx, o));
    },
  );
  action(
    AT(defineCommand(c, 'set <cid>', 'stock.claim.set.desc', ['kaohe stock claim set C2026-0001 --status submitted', 'kaohe stock claim set C2026-0001 --status paid --recovered 171'])
      .option('--status <s>', d('stock.opt.claim_status')).option('--recovered <yuan>', d('stock.opt.recovered'))),
    (ctx, o, [id]) => {
      claimOut(ctx, setClaim(ctx, { ...o, id }));
    },
  );
  action(defineCommand(c, 'list', 'stock.claim.list.desc', ['kaohe stock claim list', 'kaohe stock claim list --open --json']).option('--open', d('stock.opt.open')), (ctx, o) => {
    const claims = store.listClaims(ctx.db(), o.open === true);
    emit(ctx, { json: { claims: claims.map((x) => claimJson(ctx, x)) }, tables: [claimsView(ctx, claims)] });
  });

  action(
    defineCommand(g, 'check', 'stock.check.desc', ['kaohe stock check', 'kaohe stock check --within 7d --json']).option('--within <duration>', d('opt.within')),
    (ctx, o) => emitChecks(ctx, stockChecks(ctx, ctx.db(), withinOf(o.within))),
  );
}

export function registerStockReports(report: Command): void {
  action(defineCommand(report, 'stock', 'stock.report.desc', ['kaohe report stock', 'kaohe report stock --month 2026-10 --json', 'kaohe report stock --excel > stock.csv'])
    .option('--month <YYYY-MM>', d('stock.opt.report_month')),
  (ctx, o) => {
    const month = o.month === undefined ? undefined : (() => { const { y, m } = parseMonth(o.month); return monthPeriod(y, m, ctx.tz); })();
    renderReport(ctx, stockReport(ctx, ctx.db(), month));
  });
}
