// kaohe stock ... that move parts (reads and claims are in command-read.ts) — thin: flags, prompts
// for missing values, one service call, rendering through view.ts.
import type { Command } from 'commander';
import { action, d, defineCommand, defineGroup } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { InputError } from '../core/errors.js';
import { parseInteger } from '../core/input.js';
import { emit, emitRecord } from '../core/output.js';
import { ask, choose, confirm } from '../core/prompt.js';
import { balances } from './report.js';
import { parseLoc } from './rules.js';
import { addPart, count, inspect, receive, transfer, voidSlip, type Done } from './service.js';
import { dispose } from './service-claim.js';
import { approve, issue, oldPart, paid, request, reqOf, returnUnused, ship } from './service-req.js';
import * as store from './store.js';
import { ticketOf } from './ticket-link.js';
import { partJson, reqJson, reqLine, slipJson, slipLine, writeOffJson, writeOffLines } from './view.js';
import { AT, registerStockReads } from './command-read.js';

type Rec<T> = Done<T>;

function out<T>(ctx: Context, done: Rec<T>, json: Record<string, unknown>, line: string): void {
  const extra = writeOffLines(ctx, done.writtenOff);
  emitRecord(ctx, { ...json, written_off: writeOffJson(ctx, done.writtenOff) }, [line, ...extra].join('\n'));
}

function reqOut(ctx: Context, done: Rec<store.Requisition>): void {
  const r = done.result;
  const line = reqLine(ctx, r) + (r.writeOffBasis === 'paid' ? `\n${ctx.t('stock.written_off', { id: r.id, basis: ctx.t('stock.basis.paid'), at: r.receipt ?? '' })}` : '');
  out(ctx, done, reqJson(ctx, r), line);
}

/** stock request on a terminal: the ticket's parts (from its service report) with what is on hand. */
export async function requestCommand(ctx: Context, o: Record<string, any>): Promise<void> {
  const ticket = await ask(ctx, o.ticket, '--ticket', 'stock.prompt.ticket');
  let part = o.part as string | undefined;
  if (part === undefined && ctx.interactive) {
    const db = ctx.db();
    const t = ticketOf(db, ticket.trim().toUpperCase());
    const from = o.from === undefined ? 'main' : parseLoc(o.from, '--from');
    const onHand = new Map(balances(ctx, db, { loc: from }).map((b) => [b.part, b.ok]));
    const codes = [...new Set([...t.parts.map((p) => p.code), ...store.listParts(db).map((p) => p.code)])];
    part = await choose(ctx, undefined, '--part', 'stock.prompt.part', codes.map((code) => {
      const onTicket = t.parts.filter((p) => p.code === code).reduce((s, p) => s + p.qty, 0);
      return { name: ctx.t('stock.prompt.part_choice', { code, on_ticket: onTicket, on_hand: onHand.get(code) ?? 0 }), value: code };
    }));
    if (o.qty === undefined) {
      const suggested = t.parts.filter((p) => p.code === part).reduce((s, p) => s + p.qty, 0);
      o.qty = await ask(ctx, undefined, '--qty', 'stock.prompt.qty', { parse: (s) => parseInteger(s, '--qty', 1, 1_000_000), default: suggested > 0 ? String(suggested) : undefined });
    }
  }
  part = await ask(ctx, part, '--part', 'stock.prompt.part');
  const qty = await ask(ctx, o.qty, '--qty', 'stock.prompt.qty');
  const by = await ask(ctx, o.by, '--by', 'stock.prompt.by');
  reqOut(ctx, request(ctx, { part, qty, ticket, by, from: o.from, opinion: o.opinion, at: o.at, reason: o.reason }));
}

/** stock issue on a terminal: the balance after the issue, before confirming. */
export async function issueCommand(ctx: Context, o: Record<string, any>, id: string): Promise<void> {
  if (ctx.interactive) {
    const db = ctx.db();
    const r = reqOf(db, id);
    const now = balances(ctx, db, { loc: r.fromLoc, part: r.part })[0]?.ok ?? 0;
    ctx.io.err(`${ctx.t('stock.prompt.issue_preview', { id: r.id, part: r.part, loc: r.fromLoc, before: now, qty: r.qty, after: now - r.qty })}\n`);
    if (!(await confirm(ctx, 'prompt.confirm', {}, true))) throw new InputError('input.cancelled');
  }
  reqOut(ctx, issue(ctx, { id, at: o.at, reason: o.reason }));
}


export function registerStock(program: Command): void {
  const g = defineGroup(program, 'stock', 'stock.desc');
  const p = defineGroup(g, 'part', 'stock.part.desc');
  action(
    defineCommand(p, 'add', 'stock.part.add.desc', 'kaohe stock part add --code P-001 --name 制动蹄片 --spec XML6125 --unit 件 --price 85.50 --supplier 齐鲁制动')
      .option('--code <code>', d('stock.opt.code')).option('--name <name>', d('stock.opt.name')).option('--spec <text>', d('stock.opt.spec'))
      .option('--unit <unit>', d('stock.opt.unit')).option('--price <yuan>', d('stock.opt.price')).option('--supplier <name>', d('stock.opt.supplier')),
    (ctx, o) => {
      const part = addPart(ctx, o);
      emitRecord(ctx, partJson(part), ctx.t('stock.part.added', { code: part.code, name: part.name }));
    },
  );
  action(defineCommand(p, 'list', 'stock.part.list.desc', 'kaohe stock part list --json'), (ctx) => {
    const parts = store.listParts(ctx.db());
    emit(ctx, {
      json: { parts: parts.map(partJson) },
      tables: [{ columns: ['code', 'name', 'spec', 'unit', 'price', 'supplier'].map((k) => ({ key: k, label: ctx.t(`stock.col.${k}`) })), rows: parts.map(partJson), empty: ctx.t('common.none') }],
    });
  });

  action(
    AT(defineCommand(g, 'receive', 'stock.receive.desc', ['kaohe stock receive --part P-001 --qty 10 --from 齐鲁制动 --doc FP-20261102 --by 赵库管',
      'kaohe stock receive --part P-001 --qty 2 --quality pending --by 赵库管', 'kaohe stock receive --part P-001 --qty 1 --against Q2026-0001 --by 赵库管'])
      .option('--part <code>', d('stock.opt.part')).option('--qty <n>', d('stock.opt.qty')).option('--to <loc>', d('stock.opt.to'))
      .option('--from <supplier>', d('stock.opt.source')).option('--doc <no>', d('stock.opt.doc')).option('--by <keeper>', d('stock.opt.keeper'))
      .option('--quality <q>', d('stock.opt.quality')).option('--against <qid>', d('stock.opt.against')).option('--note <text>', d('stock.opt.note'))),
    (ctx, o) => {
      const done = receive(ctx, o);
      out(ctx, done, slipJson(ctx, done.result), slipLine(ctx, done.result));
    },
  );
  action(
    AT(defineCommand(g, 'quality <slip>', 'stock.quality.desc', 'kaohe stock quality S2026-0002 --quality ok --by 钱质检')
      .option('--quality <q>', d('stock.opt.quality_done')).option('--by <name>', d('stock.opt.inspector'))),
    (ctx, o, [slip]) => {
      const done = inspect(ctx, { ...o, slip });
      out(ctx, done, slipJson(ctx, done.result), slipLine(ctx, done.result));
    },
  );
  action(
    AT(defineCommand(g, 'request', 'stock.request.desc', ['kaohe stock request --part P-001 --qty 2 --ticket T2026-0001 --by 孙师傅 --opinion "更换制动蹄片"',
      'kaohe stock request --ticket T2026-0001 --by 孙师傅 --from station:哈尔滨服务站'])
      .option('--part <code>', d('stock.opt.part')).option('--qty <n>', d('stock.opt.qty')).option('--ticket <tid>', d('stock.opt.ticket'))
      .option('--by <name>', d('stock.opt.requester')).option('--from <loc>', d('stock.opt.from')).option('--opinion <text>', d('stock.opt.opinion'))),
    (ctx, o) => requestCommand(ctx, o),
  );
  action(
    AT(defineCommand(g, 'approve <qid>', 'stock.approve.desc', 'kaohe stock approve Q2026-0001 --by 周经理').option('--by <name>', d('stock.opt.leader'))),
    async (ctx, o, [id]) => reqOut(ctx, approve(ctx, { id, by: await ask(ctx, o.by, '--by', 'stock.prompt.leader'), at: o.at, reason: o.reason })),
  );
  action(AT(defineCommand(g, 'issue <qid>', 'stock.issue.desc', 'kaohe stock issue Q2026-0001')), (ctx, o, [id]) => issueCommand(ctx, o, id));
  action(
    AT(defineCommand(g, 'oldpart <qid>', 'stock.oldpart.desc', 'kaohe stock oldpart Q2026-0001 --qty 2').option('--qty <n>', d('stock.opt.qty')).option('--by <name>', d('stock.opt.by'))),
    (ctx, o, [id]) => reqOut(ctx, oldPart(ctx, { ...o, id })),
  );
  action(
    AT(defineCommand(g, 'return <qid>', 'stock.return.desc', 'kaohe stock return Q2026-0001 --qty 1').option('--qty <n>', d('stock.opt.qty')).option('--quality <q>', d('stock.opt.quality'))),
    (ctx, o, [id]) => reqOut(ctx, returnUnused(ctx, { ...o, id })),
  );
  action(
    AT(defineCommand(g, 'transfer', 'stock.transfer.desc', 'kaohe stock transfer --part P-001 --qty 4 --from main --to station:哈尔滨服务站')
      .option('--part <code>', d('stock.opt.part')).option('--qty <n>', d('stock.opt.qty')).option('--from <loc>', d('stock.opt.from'))
      .option('--to <loc>', d('stock.opt.to')).option('--by <name>', d('stock.opt.by'))),
    (ctx, o) => {
      const done = transfer(ctx, o);
      out(ctx, done, slipJson(ctx, done.result), slipLine(ctx, done.result));
    },
  );
  action(
    AT(defineCommand(g, 'dispose', 'stock.dispose.desc', ['kaohe stock dispose --month 2026-10 --how scrap --by 赵库管', 'kaohe stock dispose --month 2026-10 --how supplier --supplier 齐鲁制动'])
      .option('--month <YYYY-MM>', d('stock.opt.dispose_month')).option('--how <how>', d('stock.opt.how')).option('--supplier <name>', d('stock.opt.supplier'))
      .option('--by <name>', d('stock.opt.by'))),
    (ctx, o) => {
      const done = dispose(ctx, o);
      out(ctx, done, { slips: done.result.map((s) => slipJson(ctx, s)) }, done.result.map((s) => slipLine(ctx, s)).join('\n'));
    },
  );
  action(
    defineCommand(g, 'count', 'stock.count.desc', 'kaohe stock count --part P-001 --loc main --counted 7 --reason "月末盘点" --by 周经理')
      .option('--part <code>', d('stock.opt.part')).option('--loc <loc>', d('stock.opt.loc')).option('--counted <n>', d('stock.opt.counted'))
      .option('--reason <text>', d('stock.opt.count_reason')).option('--by <name>', d('stock.opt.count_by')).option('--at <time>', d('stock.opt.at')),
    (ctx, o) => {
      const done = count(ctx, o);
      out(ctx, done, slipJson(ctx, done.result), slipLine(ctx, done.result));
    },
  );
  action(
    defineCommand(g, 'void <slip>', 'stock.void.desc', 'kaohe stock void S2026-0007 --reason "数量录错"').option('--reason <text>', d('stock.opt.void_reason')),
    async (ctx, o, [id]) => {
      const done = voidSlip(ctx, { id, reason: await ask(ctx, o.reason, '--reason', 'stock.prompt.reason') });
      out(ctx, done, slipJson(ctx, done.result), ctx.t('stock.voided', { id: done.result.id }));
    },
  );
  action(
    AT(defineCommand(g, 'ship <qid>', 'stock.ship.desc', 'kaohe stock ship Q2026-0003 --cost 45 --handler 孙师傅 --approver 周经理')
      .option('--cost <yuan>', d('stock.opt.cost')).option('--handler <name>', d('stock.opt.handler')).option('--approver <name>', d('stock.opt.leader'))),
    (ctx, o, [id]) => reqOut(ctx, ship(ctx, { ...o, id })),
  );
  action(
    AT(defineCommand(g, 'paid <qid>', 'stock.paid.desc', 'kaohe stock paid Q2026-0004 --receipt SK-0012').option('--receipt <no>', d('stock.opt.receipt'))),
    (ctx, o, [id]) => reqOut(ctx, paid(ctx, { ...o, id })),
  );
  registerStockReads(g);
}
