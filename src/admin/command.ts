// kaohe db | audit | rules — thin: flags in, one service call, rendering out.
import type { Command } from 'commander';
import { action, d, defineCommand, defineGroup, periodOf, periodOptions, registeredModules } from '../core/cli.js';
import { actionLabel } from '../core/history.js';
import { humanChange } from '../core/humanize.js';
import { addMessages } from '../core/i18n.js';
import { loadModules } from '../modules.js';
import { periodJson } from '../core/period.js';
import type { Context } from '../core/context.js';
import { InputError } from '../core/errors.js';
import { parseInteger } from '../core/input.js';
import { emit, emitRecord, style } from '../core/output.js';
import { RULE_SECTIONS } from '../core/rules.js';
import { humanTime, isoInZone } from '../core/time.js';
import { backupDb, checkDb, currentHead, initDb, lateList, readAudit, recordsDetail, verifyAuditLog } from './service.js';

export function registerAdmin(program: Command): void {
  const db = defineGroup(program, 'db', 'db.desc');
  action(defineCommand(db, 'init', 'db.init.desc', ['kaohe db init --db ./kaohe.db', 'kaohe db init --tz Asia/Shanghai']).option('--tz <zone>', d('db.opt.tz')), (ctx, o) => {
    const r = initDb(ctx, o.tz);
    emitRecord(ctx, r, `${ctx.t('db.init.done', r)}\n${ctx.t('db.init.local_disk')}`);
  });
  action(defineCommand(db, 'backup <file>', 'db.backup.desc', 'kaohe db backup /mnt/backup/kaohe-2026-11-27.db'), async (ctx, _o, [file]) => {
    const r = await backupDb(ctx, file);
    emitRecord(ctx, r, ctx.t('db.backup.done', r));
  });
  action(defineCommand(db, 'check', 'db.check.desc', 'kaohe db check'), (ctx) => {
    const results = checkDb(ctx, registeredModules());
    const failed = results.filter((r) => !r.ok);
    const s = style(ctx);
    emit(ctx, {
      json: { ok: failed.length === 0, checks: results },
      tables: [
        {
          columns: [
            // names and 'ok' are identifiers for scripts; people read them in their language
            { key: 'name', label: ctx.t('db.check.col.check'), show: (v) => (ctx.t(`db.check.name.${String(v)}`) === `db.check.name.${String(v)}` ? String(v) : ctx.t(`db.check.name.${String(v)}`)) },
            { key: 'ok', label: ctx.t('db.check.col.ok'), show: (v) => (v ? s.ok('✓') : s.bad('✗')) },
            { key: 'detail', label: ctx.t('db.check.col.detail'), show: (v) => (v === 'ok' ? ctx.t('db.check.detail_ok') : v === undefined || v === '' ? '—' : String(v)) },
          ],
          rows: results as unknown as Array<Record<string, unknown>>,
          notes: [failed.length === 0 ? s.ok(ctx.t('db.check.ok')) : s.bad(ctx.t('db.check.failed', { n: failed.length }))],
        },
      ],
    });
    return failed.length === 0 ? 0 : 1;
  });

  const audit = defineGroup(program, 'audit', 'audit.desc');
  action(
    defineCommand(audit, 'log', 'audit.log.desc', ['kaohe audit log --id T2026-0001', 'kaohe audit log --limit 20 --json'])
      .option('--id <id>', d('audit.opt.id'))
      .option('--limit <n>', d('audit.opt.limit')),
    async (ctx, o) => {
      const limit = o.limit === undefined ? undefined : parseInteger(o.limit, '--limit', 1, 1_000_000);
      const entries = readAudit(ctx, { recordId: o.id, limit });
      // the words of every module's actions and fields (`audit` loads only the admin module)
      if (ctx.format === 'table') for (const m of await loadModules()) addMessages(m.messages);
      // snake_case keys and ISO instants, as in --json, so the CSV header is the same for scripts
      const json = entries.map((r) => ({ seq: r.seq, at: isoInZone(r.at, ctx.tz), actor: r.actor, action: r.action, record_id: r.recordId, change: r.change }));
      const rows = json.map((r, i) => ({ ...r, at_ms: entries[i].at }));
      emit(ctx, {
        json: { rows: json },
        tables: [
          {
            columns: [
              { key: 'seq', label: ctx.t('audit.col.seq'), align: 'right' },
              { key: 'at', label: ctx.t('audit.col.at'), show: (_v, row) => humanTime(row.at_ms as number, ctx.tz) },
              { key: 'actor', label: ctx.t('audit.col.actor') },
              // people read the action and the change in words; --json and --csv keep them as written
              { key: 'action', label: ctx.t('audit.col.action'), show: (v) => actionLabel(ctx, String(v)) },
              { key: 'record_id', label: ctx.t('audit.col.record') },
              { key: 'change', label: ctx.t('audit.col.change'), show: (v, row) => humanChange(ctx, String(row.action), v as Record<string, unknown>) },
            ],
            rows,
            empty: ctx.t('common.none'),
          },
        ],
      });
    },
  );
  action(
    defineCommand(audit, 'verify', 'audit.verify.desc', [
      'kaohe audit verify',
      'kaohe audit verify --anchor-file /mnt/usb/kaohe.anchor',
      'kaohe audit verify --anchor 1234:3f5a…(64 hex) --json',
      'kaohe audit verify --resume        # hourly: only what was written since the last full verify',
    ])
      .option('--anchor <seq:hash>', d('audit.opt.anchor'))
      .option('--anchor-file <file>', d('audit.opt.anchor_file'))
      .option('--resume', d('audit.opt.resume')),
    (ctx, o) => {
      const v = verifyAuditLog(ctx, { anchor: o.anchor, anchorFile: o.anchorFile, resume: Boolean(o.resume) });
      const lines: string[] = [];
      if (v.first_bad !== null) lines.push(ctx.t('audit.verify.bad', { seq: v.first_bad, problem: ctx.t(`audit.problem.${v.problem}`), rows: v.rows }));
      else lines.push(ctx.t(v.resumed_from === null ? 'audit.verify.ok' : 'audit.verify.ok_since', { rows: v.rows, from: v.resumed_from ?? 0 }));
      if (v.records) lines.push(recordsDetail(ctx, v));
      for (const a of v.anchors) {
        lines.push(ctx.t(a.problem === null ? 'audit.anchor.ok' : `audit.problem.${a.problem}`, { seq: a.seq, hash: a.hash.slice(0, 12) }));
      }
      lines.push(ctx.t('audit.head.line', { head: `${v.head.seq}:${v.head.hash}` }));
      emitRecord(ctx, v, lines.join('\n'));
      return v.ok ? 0 : 1;
    },
  );
  action(
    periodOptions(defineCommand(audit, 'late', 'audit.late.desc', ['kaohe audit late --month 2026-10', 'kaohe audit late --quarter 2026Q4 --csv'])),
    (ctx, o) => {
      const period = periodOf(ctx, o);
      const entries = lateList(ctx, period);
      const json = entries.map((r) => ({
        seq: r.seq, at: isoInZone(r.at, ctx.tz), entered_at: r.enteredAt === null || r.enteredAt === undefined ? null : isoInZone(r.enteredAt, ctx.tz),
        actor: r.actor, action: r.action, record_id: r.recordId, reason: r.late, change: r.change,
      }));
      const rows = json.map((r, i) => ({ ...r, at_ms: entries[i].at, entered_ms: entries[i].enteredAt ?? entries[i].at }));
      emit(ctx, {
        json: { period: periodJson(period), rows: json },
        tables: [
          {
            title: ctx.t('audit.late.title', { period: period.label }),
            columns: [
              { key: 'at', label: ctx.t('audit.col.at'), show: (_v, row) => humanTime(row.at_ms as number, ctx.tz) },
              { key: 'entered_at', label: ctx.t('audit.col.entered'), show: (_v, row) => humanTime(row.entered_ms as number, ctx.tz) },
              { key: 'record_id', label: ctx.t('audit.col.record') },
              { key: 'action', label: ctx.t('audit.col.action'), show: (v) => actionLabel(ctx, String(v)) },
              { key: 'actor', label: ctx.t('audit.col.actor') },
              { key: 'reason', label: ctx.t('audit.col.reason') },
            ],
            rows,
            empty: ctx.t('common.none'),
          },
        ],
        csv: {
          columns: ['seq', 'at', 'entered_at', 'record_id', 'action', 'actor', 'reason'].map((k) => ({ key: k, label: k })),
          rows: json as unknown as Array<Record<string, unknown>>,
        },
      });
    },
  );
  action(defineCommand(audit, 'head', 'audit.head.desc', ['kaohe audit head', 'kaohe audit head --json >> /mnt/usb/heads.txt']), (ctx) => {
    const h = currentHead(ctx);
    emitRecord(ctx, h, `${h.seq}:${h.hash}`);
  });

  const rules = defineGroup(program, 'rules', 'rules.desc');
  action(
    defineCommand(rules, 'show [section]', 'rules.show.desc', ['kaohe rules show', 'kaohe rules show guard --json']),
    (ctx, _o, [section]) => showRules(ctx, section),
  );
}

function flatten(prefix: string, v: unknown, out: Array<{ key: string; value: string }>): void {
  if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) flatten(Array.isArray(v) ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k, child, out);
  } else out.push({ key: prefix, value: v === null ? 'null' : String(v) });
}

function showRules(ctx: Context, section: string | undefined): void {
  const raw = ctx.rules.raw;
  if (section !== undefined && !(RULE_SECTIONS as readonly string[]).includes(section)) {
    throw new InputError('rules.section', { field: 'section', value: section, choices: RULE_SECTIONS.join(' | ') });
  }
  const picked = section === undefined ? raw : { [section]: raw[section] };
  const rows: Array<{ key: string; value: string }> = [];
  flatten('', picked, rows);
  emit(ctx, {
    json: section === undefined ? raw : raw[section],
    tables: [{ title: ctx.rulesPath, columns: [{ key: 'key', label: ctx.t('rules.col.key') }, { key: 'value', label: ctx.t('rules.col.value') }], rows }],
  });
}
