// --xlsx (issue 12): the workbook finance and HR open. Written files are read back with exceljs:
// real numbers, money 0.00, rates 0.0 %, instants as Excel dates of the zone's wall clock, enum
// values in the user's words, a bold totals row, a frozen header, widths fitting Chinese text.
import ExcelJS from 'exceljs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/core/output.js';
import { sheetName } from '../../src/core/xlsx.js';
import { kaohe, tempDir } from '../helpers.js';
import { DEMO_NOW, smallDemo } from '../demo-fixture.js';

let demo = '';
beforeAll(async () => {
  demo = await smallDemo('xlsx');
});

const run = (args: string[], lang = 'zh') => kaohe(['--db', demo, '--lang', lang, ...args], { KAOHE_NOW: DEMO_NOW });

async function workbook(args: string[], lang = 'zh'): Promise<{ wb: ExcelJS.Workbook; stderr: string }> {
  const file = join(tempDir(), 'out.xlsx');
  const r = run([...args, '--xlsx', file], lang);
  expect([0, 1], r.stderr).toContain(r.code); // kaohe check exits 1 when something is overdue
  expect(r.stderr).toContain(file);
  expect(r.stdout).toBe('');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { wb, stderr: r.stderr };
}

/** The data rows of a one-table sheet: from row 2 to the row before the first empty one. */
function dataRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let i = 2; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    if (!row.hasValues) break;
    rows.push(row);
  }
  return rows;
}

describe('guard month --xlsx: the pay sheet for finance', () => {
  it('money as numbers with two decimals, a bold totals row that adds up, a frozen header, Chinese names', async () => {
    const { wb, stderr } = await workbook(['guard', 'month', '--month', '2026-10']);
    expect(stderr).toContain('工作簿已写入');
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.name).toMatch(/^保安队员扣款表 2026-10/);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).values).toEqual([undefined, '编号', '姓名', '基本工资', '扣分', '罚款', '赔偿', '实发', '辞退', '原因']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    const rows = dataRows(ws);
    const body = rows.slice(0, -1);
    const total = rows[rows.length - 1];
    expect(body.length).toBeGreaterThan(3);
    for (const r of body) {
      for (const c of [3, 5, 6, 7]) {
        expect(typeof r.getCell(c).value).toBe('number');
        expect(r.getCell(c).numFmt).toBe('0.00');
      }
      expect(typeof r.getCell(4).value).toBe('number');
      expect(['是', '否']).toContain(r.getCell(8).value); // yes/no in Chinese, not true/false
    }
    expect(total.getCell(1).value).toBe('合计');
    expect(total.font?.bold).toBe(true);
    const sum = (c: number) => Math.round(body.reduce((s, r) => s + (r.getCell(c).value as number), 0) * 100) / 100;
    for (const c of [3, 4, 5, 6, 7]) expect(total.getCell(c).value).toBe(sum(c));
    expect(total.getCell(7).value).toBe(Math.round((sum(3) - sum(5) - sum(6)) * 100) / 100); // net = base - fines - compensation
    // the name column fits the widest Chinese name (two columns a character)
    const widest = Math.max(...body.map((r) => displayWidth(String(r.getCell(2).value))));
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(widest);
    // the audit head under the table
    expect(JSON.stringify(ws.getRow(ws.rowCount).values)).toContain('审计链');
  });

  it('in English the sheet and headers are English', async () => {
    const { wb } = await workbook(['guard', 'month', '--month', '2026-10'], 'en');
    const ws = wb.worksheets[0];
    expect(ws.name).not.toMatch(/[\u4e00-\u9fff]/);
    expect((ws.getRow(1).values as string[]).map((v) => String(v).toLowerCase())).toContain('net pay');
    expect(dataRows(ws).at(-1)!.getCell(1).value).toBe('Total');
  });
});

describe('ticket list --xlsx and --excel: states in words, times as local dates', () => {
  it('status, fault and on-time in Chinese; reported_at an Excel date equal to the local wall clock', async () => {
    const json = run(['--json', 'ticket', 'list', '--month', '2026-10']).json();
    const { wb } = await workbook(['ticket', 'list', '--month', '2026-10']);
    const ws = wb.worksheets[0];
    const head = ws.getRow(1).values as string[];
    const col = (label: string) => head.indexOf(label);
    const rows = dataRows(ws);
    expect(rows).toHaveLength(json.tickets.length);
    const first = json.tickets[0];
    const r = rows[0];
    expect(r.getCell(col('单号')).value).toBe(first.id);
    const statuses = new Set(rows.map((x) => x.getCell(col('状态')).value));
    for (const s of statuses) expect(String(s)).toMatch(/^已/); // 已派工, 已归档 ... never dispatched/approved
    const reported = r.getCell(col('报修时间'));
    expect(reported.value).toBeInstanceOf(Date);
    expect(reported.numFmt).toBe('yyyy-mm-dd hh:mm');
    // 2026-10-03T12:13:00+08:00 → a cell showing 2026-10-03 12:13 (Excel dates have no zone)
    expect((reported.value as Date).toISOString().slice(0, 16)).toBe(first.reported_at.slice(0, 16));
    expect(['准时', '超时', '未到期']).toContain(r.getCell(col('准时')).value);
  });

  it('--excel carries the same translated cells, local times without the offset; --csv keeps codes and ISO', () => {
    const excel = run(['--excel', 'ticket', 'list', '--month', '2026-10']).stdout;
    const line = excel.split('\r\n')[1];
    expect(line).toMatch(/,已[^,]+,/);
    expect(line).toMatch(/,2026-10-\d\d \d\d:\d\d,/);
    expect(excel).not.toContain('+08:00');
    expect(excel).not.toMatch(/,(approved|dispatched|met|missed),/);
    const csv = run(['--csv', 'ticket', 'list', '--month', '2026-10']).stdout;
    expect(csv).toMatch(/,(approved|dispatched|signed|resolved|responded|open),/);
    expect(csv).toContain('+08:00');
  });
});

describe('report sla --by month --xlsx: rates as percentages and a totals row', () => {
  it('rate cells are fractions formatted 0.0 %; the totals row is the period', async () => {
    const json = run(['--json', 'report', 'sla', '--year', '2026']).json();
    const { wb } = await workbook(['report', 'sla', '--year', '2026', '--by', 'month']);
    const ws = wb.worksheets[0];
    const head = ws.getRow(1).values as string[];
    const rows = dataRows(ws);
    expect(rows).toHaveLength(13); // twelve months and the total
    const rate = head.indexOf('服务准时率');
    const tickets = head.indexOf('服务单');
    const oct = rows[9];
    expect(oct.getCell(1).value).toBe('2026-10');
    expect(typeof oct.getCell(rate).value).toBe('number');
    expect(oct.getCell(rate).numFmt).toBe('0.0%');
    expect(oct.getCell(tickets).numFmt).toBe('0');
    const total = rows[12];
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(tickets).value).toBe(json.tickets);
    expect(total.getCell(rate).value).toBe(json.on_time_rate);
    expect(total.getCell(tickets).value).toBe(rows.slice(0, 12).reduce((s, r) => s + (r.getCell(tickets).value as number), 0));
  });

  it('the CSV of --by month gets its totals row too', () => {
    const csv = run(['--csv', 'report', 'sla', '--year', '2026', '--by', 'month']).stdout.trim().split('\n');
    expect(csv.at(-1)).toMatch(/^total,\d+,/);
    const excel = run(['--excel', 'report', 'sla', '--year', '2026', '--by', 'month']).stdout;
    expect(excel).toMatch(/\r\n合计,\d+,/);
  });
});

describe('every list and report that goes through emit writes a workbook', () => {
  const commands = [
    ['ticket', 'list', '--month', '2026-10'], ['letter', 'list', '--month', '2026-10'], ['report', 'sla', '--month', '2026-10', '--by', 'fault'],
    ['report', 'letters', '--month', '2026-10', '--by', 'channel'], ['guard', 'month', '--month', '2026-10'], ['report', 'guard', '--month', '2026-10'],
    ['guard', 'fund'], ['guard', 'list'], ['guard', 'notices', '--month', '2026-10'], ['check'],
  ];
  it.each(commands.map((c) => [c.join(' '), c]))('%s --xlsx', async (_name, args) => {
    const { wb } = await workbook(args as string[]);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(1).values).not.toContainEqual(expect.stringMatching(/^[a-z]+(_[a-z]+)+$/)); // words, not keys
  });

  it('letter states and channels in words; guard hire dates as Excel dates', async () => {
    const letters = (await workbook(['letter', 'list', '--month', '2026-10'])).wb.worksheets[0];
    const head = letters.getRow(1).values as string[];
    const statuses = dataRows(letters).map((r) => String(r.getCell(head.indexOf('状态')).value));
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s).toMatch(/[\u4e00-\u9fff]/);
    const guards = (await workbook(['guard', 'list'])).wb.worksheets[0];
    const hired = guards.getRow(2).getCell((guards.getRow(1).values as string[]).indexOf('入职日期'));
    if (hired.value !== null) {
      expect(hired.value).toBeInstanceOf(Date);
      expect(hired.numFmt).toBe('yyyy-mm-dd');
    }
  });
});

describe('--xlsx errors', () => {
  it('an unwritable file is exit 5 and leaves nothing behind; a conflicting format is exit 2', () => {
    const dir = tempDir();
    const r = run(['guard', 'month', '--month', '2026-10', '--xlsx', join(dir, 'missing', 'x.xlsx')]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--xlsx');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(run(['--csv', 'guard', 'month', '--xlsx', join(dir, 'y.xlsx')]).code).toBe(2);
  });

  it('sheet names are made acceptable to Excel: no []:*?/\\, at most 31 characters, unique', () => {
    const taken = new Set<string>();
    expect(sheetName('a/b:c', taken)).toBe('a b c');
    expect(sheetName('A/B:C', taken)).toBe('A B C (2)');
    expect([...sheetName('保安队员扣款表 2026-10(每分罚款2元)再加上很多很多字', taken)]).toHaveLength(31);
  });
});
