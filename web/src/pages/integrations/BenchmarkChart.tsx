import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { useEChart } from '../../components/use-echart.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface BenchmarkBar {
  label: string;
  currency: string;
  /** Major units, for drawing only (the table shows the exact amounts). */
  p25: number;
  p50: number;
  p75: number;
  p90: number;
}

/** Each benchmark as a horizontal range (ECharts): P25–P50, P50–P75 and P75–P90 stacked on an invisible base at P25. */
export function BenchmarkChart({ rows }: { rows: BenchmarkBar[] }) {
  const { t } = useTranslation();
  const k = (v: number) => `${Math.round(v / 1000)}k`;
  const box = useEChart({
    animation: false,
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const r = rows[i];
        return r ? `${r.label}<br/>P25 ${k(r.p25)} · P50 ${k(r.p50)} · P75 ${k(r.p75)} · P90 ${k(r.p90)} ${r.currency}` : '';
      },
    },
    grid: { left: 200, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => k(v) } },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    series: [
      { type: 'bar', stack: 'range', silent: true, itemStyle: { color: 'transparent' }, data: rows.map((r) => r.p25) },
      { name: t('benchmarks.chart.lower'), type: 'bar', stack: 'range', itemStyle: { color: '#93c5fd' }, data: rows.map((r) => r.p50 - r.p25) },
      { name: t('benchmarks.chart.upper'), type: 'bar', stack: 'range', itemStyle: { color: '#3b82f6' }, data: rows.map((r) => r.p75 - r.p50) },
      { name: t('benchmarks.chart.top'), type: 'bar', stack: 'range', itemStyle: { color: '#1e3a8a' }, data: rows.map((r) => r.p90 - r.p75) },
    ],
  });
  return <div data-testid="benchmark-chart" ref={box} style={{ height: Math.max(200, rows.length * 28 + 60) }} />;
}
