// Tables that fit the terminal (issue 13 item 4): by display width (CJK = 2), wrap long text,
// drop the least important columns and say which; no fitting for scripts without COLUMNS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fitTable, tableWidth, terminalWidth, textWidth, wrapBalanced, wrapLine } from '../../src/core/table-fit.js';
import { kaohe } from '../helpers.js';

vi.setConfig({ testTimeout: 120_000 });

const widest = (text: string) => Math.max(...text.split('\n').map(textWidth));

describe('fitTable (pure)', () => {
  const head = ['单号', '用户', '状态', '服务人员'];
  const rows = [
    ['T2026-0001', '哈尔滨交通集团第三公交公司', '已派工', '刘洋, 王明'],
    ['T2026-0002', '齐齐哈尔市公交公司', '已登记', '—'],
  ];
  const natural = tableWidth([10, 26, 6, 10]);

  it('a table that fits is left alone', () => {
    expect(natural).toBe(65);
    const fit = fitTable(head, rows, [], natural);
    expect(fit).toEqual({ keep: [0, 1, 2, 3], dropped: [], head, rows });
  });

  it('one column too wide: the long Chinese text wraps by display width, nothing is dropped', () => {
    const fit = fitTable(head, rows, [], 60);
    expect(fit.dropped).toEqual([]);
    expect(fit.rows[0][1]).toBe('哈尔滨交通集团\n第三公交公司'); // 26 columns in two balanced lines, not 20 + 6
    expect(fit.rows[1][1]).toBe('齐齐哈尔市公交公司'); // 18 fits
    expect(tableWidth([10, 21, 6, 10])).toBe(60);
  });

  it('too narrow for every column even wrapped: the lowest priority goes first, then the rightmost of equals', () => {
    const fit = fitTable(head, rows, [{}, { priority: 8 }, { priority: 9 }, { priority: 4 }], 40);
    expect(fit.dropped).toEqual([3]);
    expect(fit.keep).toEqual([0, 1, 2]);
    expect(tableWidth([10, 12, 6])).toBeLessThanOrEqual(40);
    for (const r of fit.rows) expect(r).toHaveLength(3);
    const equal = fitTable(head, rows, [], 40); // all 5: the rightmost goes
    expect(equal.dropped).toEqual([3]);
  });

  it('the first column is always kept', () => {
    expect(fitTable(head, rows, [{ priority: 1 }], 10).keep).toContain(0);
  });

  it('times and figures never wrap; a figure column wraps its header instead', () => {
    const fit = fitTable(['时间', '用户满意度'], [['2026-10-01 07:25', '66.7%']], [{}, { align: 'right' }], 30);
    expect(fit.rows[0]).toEqual(['2026-10-01 07:25', '66.7%']);
    expect(fit.head[1]).toBe('用户满\n意度');
  });

  it('wrapLine breaks Latin text at a space, CJK anywhere, and keeps a whole-cell colour on each line', () => {
    expect(wrapLine('on-time rate', 8)).toEqual(['on-time', 'rate']);
    expect(wrapLine('服务准时率', 4)).toEqual(['服务', '准时', '率']);
    expect(wrapLine('\u001b[31m超时超时\u001b[39m', 4)).toEqual(['\u001b[31m超时\u001b[39m', '\u001b[31m超时\u001b[39m']);
  });

  it('wrapped lines are balanced: no lone last character, no new break inside a Latin word', () => {
    expect(wrapBalanced('鸡西市公交总公司', 14)).toEqual(['鸡西市公', '交总公司']);
    expect(wrapBalanced('鸡西市公交总公司', 20)).toEqual(['鸡西市公交总公司']);
    expect(wrapBalanced('哈尔滨市公共交通集团有限责任公司', 14)).toEqual(['哈尔滨市公共', '交通集团有限', '责任公司']);
    expect(wrapBalanced('车身，后门关不严。', 16)).toEqual(['车身，后门', '关不严。']);
    expect(wrapBalanced('the quick brown fox jumps', 20)).toEqual(['the quick brown', 'fox jumps']);
    expect(wrapBalanced('on-time rate', 8)).toEqual(['on-time', 'rate']);
    expect(wrapBalanced('\u001b[31m超时超时超\u001b[39m', 8)).toEqual(['\u001b[31m超时超\u001b[39m', '\u001b[31m时超\u001b[39m']);
  });

  it.each([80, 100])('at %i columns long Chinese names wrap into even lines, never leaving one character alone', (width) => {
    const customers = ['鸡西市公交总公司', '哈尔滨市公共交通集团有限责任公司', '佳木斯市公共汽车公司', '黑龙江龙运（集团）股份有限公司客运分公司', '五常市公交公司'];
    const head = ['单号', '报修时间', '用户', '车辆', '故障', '状态', '期限', '故障描述'];
    const rows = customers.map((c, i) => [`T2026-000${i + 1}`, '2026-11-30 17:40', c, '黑A·12345', '车身', '已派工', '2026-12-01 05:40', '后门关不严，行驶中有异响，需到站检查']);
    const fit = fitTable(head, rows, [{}, {}, { priority: 9 }, {}, {}, { priority: 9 }, { priority: 8 }, { priority: 2 }], width);
    const col = fit.keep.indexOf(2);
    expect(col).toBeGreaterThanOrEqual(0);
    const wrapped = fit.rows.map((r) => r[col].split('\n')).filter((lines) => lines.length > 1);
    expect(wrapped.length).toBeGreaterThan(0); // the test is about wrapping: some name did wrap
    for (const lines of wrapped) {
      expect(lines.join('')).toBe(customers[fit.rows.findIndex((r) => r[col].split('\n').join('') === lines.join(''))]);
      const widths = lines.map(textWidth);
      expect(Math.max(...widths) - Math.min(...widths), lines.join('/')).toBeLessThanOrEqual(2);
      expect(widths[widths.length - 1], lines.join('/')).toBeGreaterThan(2);
    }
    const drawn = tableWidth(fit.keep.map((i, k) => Math.max(...[fit.head[k], ...fit.rows.map((r) => r[k])].map(widest))));
    expect(drawn).toBeLessThanOrEqual(width);
  });

  it('the width: the terminal on a TTY, else COLUMNS, else none', () => {
    expect(terminalWidth(true, 120, { COLUMNS: '80' })).toBe(120);
    expect(terminalWidth(false, 120, { COLUMNS: '80' })).toBe(80);
    expect(terminalWidth(false, undefined, {})).toBeNull();
    expect(terminalWidth(false, undefined, { COLUMNS: 'wide' })).toBeNull();
  });
});

describe('ticket list and report sla --by fault at 80, 100 and 160 columns, in Chinese', () => {
  // made once for the block, outside the helpers' temp folders (those go after each test)
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-fit-'));
  const db = join(dir, 'demo.db');
  const env = { KAOHE_NOW: '2026-11-27 10:00', KAOHE_LANG: 'zh' };
  const made = kaohe(['demo', '--out', db, '--months', '2', '--tickets', '40'], env);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([80, 100, 160])('at %i columns every line fits, and what was left out is named', (width) => {
    expect(made.code).toBe(0);
    for (const args of [['ticket', 'list', '--year', '2026'], ['report', 'sla', '--by', 'fault', '--month', '2026-11']]) {
      const r = kaohe(['--db', db, ...args], { ...env, COLUMNS: String(width) });
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      for (const line of lines) expect(textWidth(line), line).toBeLessThanOrEqual(width);
      expect(r.stdout).toContain(args[0] === 'ticket' ? '单号' : '故障类别');
      const note = r.stdout.match(/窗口太窄[^]*?）/)?.[0].replace(/\n/g, '');
      const full = kaohe(['--db', db, ...args], env).stdout; // no COLUMNS, no TTY: the full table
      if (widest(full) <= width) expect(note).toBeUndefined();
      else if (note) expect(note).toMatch(/^窗口太窄，未显示的列：.+（加宽窗口，或用 --json、--csv 查看全部列）$/);
    }
  });

  it('at 80 columns the ticket list keeps id, customer, status and deadline and names the rest', () => {
    const r = kaohe(['--db', db, 'ticket', 'list', '--year', '2026'], { ...env, COLUMNS: '80' });
    const header = r.stdout.split('\n')[2];
    for (const col of ['单号', '用户', '状态', '期限']) expect(header).toContain(col);
    expect(r.stdout).toMatch(/未显示的列：[^（]*响应时间/);
    expect(r.stdout).toMatch(/未显示的列：[^（]*服务人员/);
  });

  it('without a terminal and without COLUMNS a script gets the full table', () => {
    const r = kaohe(['--db', db, 'ticket', 'list', '--year', '2026'], env);
    expect(widest(r.stdout)).toBeGreaterThan(140);
    expect(r.stdout).not.toContain('窗口太窄');
    expect(r.stdout.split('\n')[2]).toContain('服务人员');
  });
});
