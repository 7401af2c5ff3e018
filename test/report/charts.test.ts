// The monthly report's charts as ECharts options and SVG (issue 12): targets as dashed lines,
// months missing their target drawn red, empty months left out rather than drawn as 0 %.
import { describe, expect, it } from 'vitest';
import type { Chart } from '../../src/core/monthly.js';
import { chartOption, renderCharts } from '../../src/report/charts.js';

const onTime: Chart = {
  id: 'on_time_rate', title: 'On-time', kind: 'line', categories: ['2026-08', '2026-09', '2026-10'],
  series: [{ name: 'on-time', data: [null, 0.85, 0.95] }], target: { value: 0.9, label: 'target 90.0%' }, percent: true,
};
const complaints: Chart = { ...onTime, id: 'complaint_rate', kind: 'bar', series: [{ name: 'c', data: [0, 0.03, 0.01] }], target: { value: 0.03, label: 'target 3.0%' }, ceiling: true };

type Series = { data: Array<'-' | { value: number; itemStyle: { color: string } }>; markLine?: { data: Array<{ yAxis: number }> } };

describe('chart options', () => {
  it('the target is a dashed line; a month below a floor is red, an empty month is a gap', () => {
    const o = chartOption(onTime) as { animation: boolean; series: Series[] };
    expect(o.animation).toBe(false);
    const s = o.series[0];
    expect(s.markLine?.data).toEqual([{ yAxis: 0.9 }]);
    expect(s.data[0]).toBe('-');
    expect((s.data[1] as { itemStyle: { color: string } }).itemStyle.color).toBe('#c0392b');
    expect((s.data[2] as { itemStyle: { color: string } }).itemStyle.color).toBe('#2f6fb0');
  });

  it('for a ceiling (complaints < 3 %) reaching the target is a miss', () => {
    const s = (chartOption(complaints) as { series: Series[] }).series[0];
    expect(s.data.map((d) => (d as { itemStyle: { color: string } }).itemStyle.color)).toEqual(['#2f6fb0', '#c0392b', '#2f6fb0']);
  });

  it('renders each chart as its own SVG, with the title, the target label and Chinese fonts named', async () => {
    const svgs = await renderCharts([onTime, { ...complaints, title: '各月用户投诉率' }]);
    const [a, b] = [svgs.get(onTime)!, [...svgs.values()][1]];
    expect(a).toMatch(/^<svg [^>]*width="680" height="260"/);
    expect(a).toContain('target 90.0%');
    expect(a).toContain('Microsoft YaHei');
    expect(b).toContain('各月用户投诉率');
    expect(a).not.toContain('<script');
  });
});
