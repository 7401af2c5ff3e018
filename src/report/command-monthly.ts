// kaohe report monthly --month 2026-10 [--format text|md|html] [--out FILE] (also --json, --xlsx):
// the manager's monthly report, one section per module that has data.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { action, d, defineCommand, registeredModules } from '../core/cli.js';
import type { Context } from '../core/context.js';
import { InputError } from '../core/errors.js';
import { parseChoice } from '../core/input.js';
import { periodFrom } from '../core/period.js';
import { monthlyJson, monthlyReport, monthlySheets } from './monthly.js';
import { renderMarkdown, renderText } from './render.js';

const FORMATS = ['text', 'md', 'html'] as const;

function write(ctx: Context, out: string | undefined, text: string): void {
  if (out === undefined) {
    ctx.io.out(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (e) {
    throw new InputError('report.monthly.cannot_write', { field: '--out', file: out, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
  ctx.io.err(`${ctx.t('report.monthly.written', { file: out })}\n`);
}

export function registerMonthly(report: Command): void {
  action(
    defineCommand(report, 'monthly', 'report.monthly.desc', [
      'kaohe report monthly --month 2026-10',
      'kaohe report monthly --month 2026-10 --format html --out 2026-10.html',
      'kaohe report monthly --month 2026-10 --xlsx 2026-10.xlsx',
    ])
      .option('--month <YYYY-MM>', d('report.monthly.opt.month'))
      .option('--format <format>', d('report.monthly.opt.format'))
      .option('--out <file>', d('report.monthly.opt.out')),
    async (ctx, o) => {
      const format = o.format === undefined ? 'text' : parseChoice(String(o.format).trim().toLowerCase(), '--format', FORMATS);
      if (ctx.format === 'csv') throw new InputError('report.monthly.no_csv', { field: ctx.excel ? '--excel' : '--csv' });
      const r = monthlyReport(ctx, registeredModules(), periodFrom({ month: o.month }, ctx.now, ctx.tz));
      if (ctx.xlsx) {
        const { writeWorkbook } = await import('../core/xlsx.js');
        await writeWorkbook(ctx, ctx.xlsx, monthlySheets(ctx, r));
      } else if (ctx.format === 'json') {
        write(ctx, o.out, `${JSON.stringify(monthlyJson(ctx, r), null, 2)}\n`);
      } else if (format === 'html') {
        const { renderHtml } = await import('./render-html.js');
        write(ctx, o.out, await renderHtml(ctx, r));
      } else {
        write(ctx, o.out, format === 'md' ? renderMarkdown(ctx, r) : renderText(ctx, r));
      }
    },
  );
}
