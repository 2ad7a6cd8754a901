import { BarChart as EBar } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from './use-echart.ts';

echarts.use([EBar, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  values: (number | null)[];
}

/**
 * Grouped bars (ECharts): one bar per series in each category. Values are shares (0–1) shown with `digits`
 * decimals, or as percentages when `percent`; an optional reference line (AUC 0.5 = chance).
 */
export function BarChart({
  categories,
  series,
  percent = false,
  digits = 3,
  min,
  max,
  reference,
  horizontal = false,
  height = 320,
  testId,
}: {
  categories: string[];
  series: BarSeries[];
  percent?: boolean;
  digits?: number;
  min?: number;
  max?: number;
  reference?: { value: number; label: string };
  horizontal?: boolean;
  height?: number;
  testId?: string;
}) {
  const format = (v: number) => (percent ? `${(v * 100).toFixed(1)}%` : v.toFixed(digits));
  const valueAxis = { type: 'value' as const, min, max, axisLabel: { formatter: (v: number) => (percent ? `${Math.round(v * 100)}%` : String(v)) } };
  const categoryAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, rotate: horizontal ? 0 : categories.length > 6 ? 30 : 0 } };
  const option = {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—') },
    legend: { top: 0 },
    grid: { left: horizontal ? 170 : 48, right: 24, top: 36, bottom: horizontal ? 24 : 64 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true, axisLabel: { interval: 0 } } : valueAxis,
    series: series.map((s, i) => ({
      name: s.name,
      type: 'bar',
      data: s.values,
      ...(i === 0 && reference
        ? { markLine: { symbol: 'none', silent: true, label: { formatter: reference.label }, data: [horizontal ? { xAxis: reference.value } : { yAxis: reference.value }] } }
        : {}),
    })),
  };
  const box = useEChart(option);
  return <div data-testid={testId} ref={box} style={{ height }} />;
}
