// Charts of the monthly report as inline SVG, drawn by Apache ECharts in Node (server-side
// rendering: no browser, no script in the page). ECharts is loaded here only, by a dynamic import
// from the HTML path of `report monthly`: it costs ~420 ms to load.
import type { Chart } from '../core/monthly.js';

export const FONT_STACK = '"Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif';
export const CHART_WIDTH = 680;
export const CHART_HEIGHT = 260;

const GOOD = '#2f6fb0';
const BAD = '#c0392b';
const TARGET = '#d35400';

type Echarts = typeof import('echarts');

const pct = (v: number) => `${(Math.round(v * 1000) / 10).toFixed(1)}%`;

/** Whether a value misses the chart's target (charts without one never do). */
function misses(c: Chart, v: number | null): boolean {
  if (v === null || !c.target) return false;
  return c.ceiling ? v >= c.target.value : v < c.target.value;
}

function axisRange(c: Chart): { min?: number; max?: number } {
  if (!c.percent) return { min: 0 };
  const values = c.series.flatMap((s) => s.data).filter((v): v is number => v !== null);
  const all = c.target ? [...values, c.target.value] : values;
  if (all.length === 0) return { min: 0, max: 1 };
  if (c.ceiling) return { min: 0, max: Math.ceil(Math.max(...all) * 1.4 * 100) / 100 || 0.05 };
  return { min: Math.max(0, Math.floor(Math.min(...all) * 10 - 1) / 10), max: 1 };
}

/** The ECharts option for one chart (exported for tests). */
export function chartOption(c: Chart): Record<string, unknown> {
  const fmt = c.percent ? pct : (v: number) => String(v);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_STACK },
    title: { text: c.title, left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 'bold', fontFamily: FONT_STACK } },
    grid: { left: 56, right: 28, top: 44, bottom: 44 },
    xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, rotate: c.categories.length > 8 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: 'value', ...axisRange(c), axisLabel: { formatter: (v: number) => (c.percent ? `${Math.round(v * 100)}%` : String(v)) } },
    series: c.series.map((s, i) => ({
      type: c.kind,
      name: s.name,
      data: s.data.map((v) => (v === null ? '-' : { value: v, itemStyle: { color: misses(c, v) ? BAD : GOOD } })),
      lineStyle: { color: GOOD, width: 2 },
      symbolSize: 7,
      barMaxWidth: 36,
      label: { show: true, position: 'top', fontSize: 10, formatter: (p: { value: number }) => fmt(p.value) },
      ...(i === 0 && c.target
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed', color: TARGET, width: 1.5 },
              label: { formatter: c.target.label, position: 'insideEndTop', color: TARGET, fontSize: 11 },
              data: [{ yAxis: c.target.value }],
            },
          }
        : {}),
    })),
  };
}

/** One chart as an SVG string. */
export function renderChart(echarts: Echarts, c: Chart): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    chart.setOption(chartOption(c));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Loads ECharts (the one place it is imported) and renders every chart. */
export async function renderCharts(charts: Chart[]): Promise<Map<Chart, string>> {
  const out = new Map<Chart, string>();
  if (charts.length === 0) return out;
  const echarts = await import('echarts');
  for (const c of charts) out.set(c, renderChart(echarts, c));
  return out;
}
