// kaohe close --month M [--only ...] | reopen --month M --reason R [--only ...] | closed
import type { Command } from 'commander';
import { action, d, defineCommand, registeredModules } from '../core/cli.js';
import { emit, emitRecord } from '../core/output.js';
import { humanTime, isoInZone, isoOrNull } from '../core/time.js';
import { closedList, closeService, reopenService } from './service-close.js';

export function registerClose(program: Command): void {
  action(
    defineCommand(program, 'close', 'close.desc', ['kaohe close --month 2026-10', 'kaohe close --month 2026-10 --only ticket,letter'])
      .option('--month <YYYY-MM>', d('close.opt.month'))
      .option('--only <modules>', d('close.opt.only')),
    (ctx, o) => {
      const r = closeService(ctx, o, registeredModules());
      for (const p of r.pending) ctx.io.err(`${ctx.t('close.pending', { month: p.module.split(' ')[1], module: p.module.split(' ')[0], what: p.what })}\n`);
      const modules = Object.keys(r.closed);
      const months = [...new Set(Object.values(r.closed).flat())].sort();
      const line = modules.length === 0
        ? ctx.t('close.nothing', { month: r.month, modules: o.only ?? 'ticket,letter,guard,stock' })
        : ctx.t('close.done', { months, modules: modules.join(','), head: `${r.head.split(':')[0]}:${(r.head.split(':')[1] ?? '').slice(0, 12)}` });
      emitRecord(ctx, r, line);
    },
  );
  action(
    defineCommand(program, 'reopen', 'reopen.desc', ['kaohe reopen --month 2026-10 --reason "补录漏登的服务单"'])
      .option('--month <YYYY-MM>', d('close.opt.month'))
      .option('--reason <text>', d('reopen.opt.reason'))
      .option('--only <modules>', d('close.opt.modules')),
    (ctx, o) => {
      const r = reopenService(ctx, o);
      emitRecord(ctx, r, ctx.t('reopen.done', { month: r.month, modules: r.modules.join(',') }));
    },
  );
  action(defineCommand(program, 'closed', 'closed.desc', ['kaohe closed', 'kaohe closed --json']), (ctx) => {
    const rows = closedList(ctx);
    const json = rows.map((c) => ({
      month: c.month, module: c.module, closed_at: isoInZone(c.closedAt, ctx.tz), closed_by: c.closedBy, head: c.head,
      reopened_at: isoOrNull(c.reopenedAt, ctx.tz), reopened_by: c.reopenedBy, reopen_reason: c.reopenReason,
    }));
    emit(ctx, {
      json: { rows: json },
      tables: [{
        columns: [
          { key: 'month', label: ctx.t('closed.col.month') },
          { key: 'module', label: ctx.t('closed.col.module') },
          { key: 'closed_at', label: ctx.t('closed.col.closed_at'), show: (_v, row) => humanTime(row.closed_ms as number, ctx.tz) },
          { key: 'closed_by', label: ctx.t('closed.col.closed_by') },
          { key: 'head', label: ctx.t('closed.col.head'), show: (v) => String(v).slice(0, String(v).indexOf(':') + 13) },
          { key: 'reopened_at', label: ctx.t('closed.col.reopened'), show: (_v, row) => (row.reopened_ms === null ? '' : `${humanTime(row.reopened_ms as number, ctx.tz)} ${String(row.reopen_reason)}`) },
        ],
        rows: json.map((r, i) => ({ ...r, closed_ms: rows[i].closedAt, reopened_ms: rows[i].reopenedAt })),
        empty: ctx.t('common.none'),
      }],
    });
  });
}
