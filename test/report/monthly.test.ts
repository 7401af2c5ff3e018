// `kaohe report monthly` (issue 12) on a small demo: every module with data gets its section, in
// text, Markdown, HTML (inline SVG charts, no script, no network, A4 print CSS), JSON and a
// workbook with one sheet per section; each section carries its period, the as-of time and the
// audit head. A module joins by declaring `monthly` (the review grade chart hook is tried here).
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KaoheModule } from '../../src/core/cli.js';
import { loadModules } from '../../src/modules.js';
import { monthPeriod } from '../../src/core/period.js';
import { monthlyReport } from '../../src/report/monthly.js';
import { renderHtml } from '../../src/report/render-html.js';
import { kaohe, tempDir, testContext, TZ } from '../helpers.js';
import { DEMO_NOW, smallDemo } from '../demo-fixture.js';

let demo = '';
beforeAll(async () => {
  demo = await smallDemo('monthly');
});

const run = (args: string[], lang = 'zh', now = DEMO_NOW) => kaohe(['--db', demo, '--lang', lang, 'report', 'monthly', ...args], { KAOHE_NOW: now });
const count = (text: string, part: string) => text.split(part).length - 1;

describe('report monthly as text and Markdown', () => {
  it('zh text: the four sections in order, each with its period, as-of time and the demo audit head', () => {
    const r = run(['--month', '2026-10']);
    expect(r.code, r.stderr).toBe(0);
    const t = r.stdout;
    expect(t).toContain('考核月报 2026-10');
    const order = ['一、售后服务考核', '二、来电来函', '三、配件管理', '四、保安考核'].map((h) => t.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(count(t, '期间 2026-10 · 截至 2026-11-05 10:00')).toBe(4);
    expect(count(t, '审计链')).toBe(4);
    expect(count(t, '演示数据库')).toBe(4);
    for (const part of ['服务准时率', '按故障类别', '按服务人员', '近 12 个月', '按来源方式', '扣款表合计 2026-10', '按条款', '罚款资金', '合计', '月末结存（按库位和配件）', '月末未结领料单', '本月开立的索赔']) expect(t).toContain(part);
    expect(t).not.toMatch(/ticket\.|letter\.|guard\.|stock\.|report\.monthly/); // no message key leaks
  });

  it('en Markdown: headings, pipe tables with right-aligned numbers, the verdicts, the footers', () => {
    const md = run(['--month', '2026-10', '--format', 'md'], 'en').stdout;
    expect(md).toMatch(/^# Monthly report 2026-10\n/);
    expect(md).toContain('## 1. After-sales service');
    expect(md).toContain('## 2. Calls and letters');
    expect(md).toContain('## 3. Spare parts');
    expect(md).toContain('## 4. Guards');
    expect(md).toMatch(/\| --- \| ---: \|/);
    expect(md).toMatch(/- on-time rate[^:\n]*: \*\*\d+\.\d%\*\* \(target ≥ 90\.0%\) [✓✗] (met|missed)/);
    expect(count(md, '*period 2026-10 · as of 2026-11-05 10:00')).toBe(4);
  });

  it('as of an earlier --now, only what had been entered by then counts', () => {
    const later = run(['--month', '2026-10', '--json']).json();
    const earlier = run(['--month', '2026-10', '--json'], 'zh', '2026-10-10 09:00').json();
    const tickets = (j: any) => j.sections.find((s: any) => s.key === 'ticket').data.tickets;
    expect(tickets(earlier)).toBeLessThan(tickets(later));
    expect(earlier.as_of).toBe('2026-10-10T09:00:00+08:00');
  });

  it('a month with no data says so; --csv is refused (exit 2) naming --xlsx', () => {
    const empty = run(['--month', '2024-01'], 'en');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No module has data for 2024-01.');
    const csv = kaohe(['--db', demo, '--csv', 'report', 'monthly', '--month', '2026-10'], { KAOHE_NOW: DEMO_NOW });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('--xlsx');
    expect(run(['--month', '2026-10', '--format', 'pdf']).code).toBe(2);
  });

  it('--json: one document with every section, the audit head and the demo mark', () => {
    const j = run(['--month', '2026-10', '--json']).json();
    expect(j.sections.map((s: { key: string }) => s.key)).toEqual(['ticket', 'letter', 'stock', 'guard']);
    expect(j.audit_head).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect(j.demo).toBe(true);
    const ticket = j.sections[0].data;
    expect(ticket.last_12_months).toHaveLength(12);
    expect(ticket.last_12_months[11].key).toBe('2026-10');
    expect(ticket.by_fault.map((g: { key: string }) => g.key)).toEqual(['body', 'chassis', 'engine', 'other']);
    const stock = j.sections.find((s: { key: string }) => s.key === 'stock');
    expect(stock.period).toBe('2026-10');
    expect(stock.data.slips).toBeGreaterThan(0);
    expect(stock.data.issued).toBe(stock.data.by_location.reduce((n: number, l: { issued: number }) => n + l.issued, 0));
    expect(stock.data.claims).toEqual(expect.objectContaining({ claimed: expect.any(Number), recovered: expect.any(Number), outstanding: expect.any(Number) }));
  });
});

describe('report monthly in a month that ends a quarter: the review section', () => {
  it('2026-09 --json carries the Q3 grade summary of the demo; the zh text and the HTML chart show it', () => {
    const j = run(['--month', '2026-09', '--json']).json();
    expect(j.sections.map((s: { key: string }) => s.key)).toContain('review');
    const review = j.sections.find((s: { key: string }) => s.key === 'review');
    expect(review.period).toBe('2026Q3');
    const q = review.data.quarter;
    expect(q.period).toBe('2026Q3');
    expect(q.missing.final).toEqual(['冯涛']); // the demo's GM has not given this final score
    expect(q.reviewed).toBe(q.in_cycle - 1);
    expect(Object.values(q.grades as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(q.reviewed);
    const t = run(['--month', '2026-09']).stdout;
    for (const part of ['中层管理人员考核', '2026Q3 等级分布', '未终评（无等级）：冯涛', 'A 优秀']) expect(t).toContain(part);
    const file = join(tempDir(), 'q3.html');
    expect(run(['--month', '2026-09', '--format', 'html', '--out', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/data-chart="grades"><svg /);
  });
});

describe('report monthly --format html', () => {
  let zh = '';
  let en = '';
  beforeAll(() => {
    const dir = tempDir();
    for (const lang of ['zh', 'en']) {
      const r = run(['--month', '2026-10', '--format', 'html', '--out', join(dir, `${lang}.html`)], lang);
      expect(r.code, r.stderr).toBe(0);
    }
    zh = readFileSync(join(dir, 'zh.html'), 'utf8');
    en = readFileSync(join(dir, 'en.html'), 'utf8');
  });

  it('one self-contained file: inline SVG charts, no script, nothing fetched from anywhere', () => {
    for (const html of [zh, en]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
      expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/@import/i);
      for (const id of ['on_time_rate', 'satisfaction_rate', 'complaint_rate', 'parts_by_location', 'points_by_guard']) {
        expect(html).toMatch(new RegExp(`data-chart="${id}"><svg [^>]*width="680"`));
      }
    }
  });

  it('prints on A4: page size, a page per section, rows never cut, Chinese fonts with fallbacks', () => {
    expect(zh).toContain('@page { size: A4;');
    expect(zh).toMatch(/section\.module \{ break-before: page;/);
    expect(zh).toMatch(/tr \{ break-inside: avoid;/);
    expect(zh).toContain('font-family: "Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif');
    expect(count(zh, '<section class="module"')).toBe(4);
  });

  it('speaks the chosen language, with the targets in the charts and the footers in each section', () => {
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('各月服务准时率（目标 ≥ 90.0%）');
    expect(zh).toContain('目标 90.0%');
    expect(zh).toContain('目标 3.0%');
    expect(count(zh, '<footer class="section">期间 2026-10 · 截至 2026-11-05 10:00')).toBe(4);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('On-time rate by month (target ≥ 90.0%)');
    expect(en).toContain('Points deducted by guard');
    for (const m of en.matchAll(/<(h1|h2|th|caption)>([^<]*)</g)) expect(m[2]).not.toMatch(/[\u4e00-\u9fff]/); // headings in English
  });
});

describe('report monthly --xlsx: one sheet per section', () => {
  it('sheets named after the sections, typed cells, the footer under each', async () => {
    const file = join(tempDir(), 'm.xlsx');
    const r = kaohe(['--db', demo, '--lang', 'zh', '--xlsx', file, 'report', 'monthly', '--month', '2026-10'], { KAOHE_NOW: DEMO_NOW });
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['售后服务考核', '来电来函', '配件管理', '保安考核']);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(1).getCell(1).value)).toContain('考核月报 2026-10');
    let rateCell: ExcelJS.Cell | undefined;
    ws.eachRow((row) => row.eachCell((c) => { if (c.numFmt === '0.0%' && typeof c.value === 'number') rateCell ??= c; }));
    expect(rateCell).toBeDefined();
    const guard = wb.worksheets[3];
    const money: ExcelJS.Cell[] = [];
    guard.eachRow((row) => row.eachCell((c) => { if (c.numFmt === '0.00') money.push(c); }));
    expect(money.length).toBeGreaterThan(5);
    expect(money.every((c) => typeof c.value === 'number')).toBe(true);
    for (const w of wb.worksheets) expect(JSON.stringify(w.getRow(w.rowCount).values)).toContain('审计链');
  });
});

describe('a module joins the report by declaring monthly (the review grade chart hook)', () => {
  it('a declared section is placed after guards and its grade chart is drawn', async () => {
    const review: KaoheModule = {
      name: 'review', messages: { zh: {}, en: {} }, register: () => undefined,
      monthly: (_ctx, _db, period) => ({
        key: 'review', title: 'Reviews 2026Q3', period: '2026Q3', figures: [{ label: 'reviewed', value: '8' }],
        tables: [{ title: 'grades', columns: [{ key: 'grade', label: 'grade' }, { key: 'n', label: 'managers', type: 'int' }], rows: [{ grade: 'A', n: 2 }, { grade: 'B', n: 6 }] }],
        charts: [{ id: 'grades', title: 'Grade distribution', kind: 'bar', categories: ['A', 'B', 'C'], series: [{ name: 'managers', data: [2, 6, 0] }] }],
        json: { period: period.label },
      }),
    };
    const { ctx } = testContext({ now: DEMO_NOW, dbPath: demo });
    const modules = await loadModules();
    const r = monthlyReport(ctx, [review, ...modules], monthPeriod(2026, 10, TZ));
    expect(r.sections.map((s) => s.key)).toEqual(['ticket', 'letter', 'stock', 'guard', 'review']);
    const html = await renderHtml(ctx, r);
    expect(html).toMatch(/data-chart="grades"><svg /);
    expect(html).toContain('五、Reviews 2026Q3'.replace('五、', ctx.lang === 'zh' ? '五、' : '5. '));
    ctx.close();
  });
});
