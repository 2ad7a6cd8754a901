import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from '../../components/use-echart.ts';

echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export interface RiskPoint {
  label: string;
  probability: number;
  band: 'low' | 'medium' | 'high';
}

const BAND_COLOR = { low: '#16a34a', medium: '#d97706', high: '#dc2626' } as const;

/** A placement's risk history (ECharts): the probability after each scoring, with the band thresholds as lines. */
export function RiskChart({ points, thresholds, labels }: { points: RiskPoint[]; thresholds: { medium: number; high: number }; labels: { medium: string; high: string } }) {
  const top = Math.min(1, Math.max(thresholds.high * 1.4, ...points.map((p) => p.probability * 1.15)));
  const box = useEChart({
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—') },
    grid: { left: 48, right: 24, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { interval: 0, rotate: points.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: Number(top.toFixed(2)), axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      {
        type: 'line',
        data: points.map((p) => ({ value: p.probability, itemStyle: { color: BAND_COLOR[p.band] } })),
        symbolSize: 10,
        lineStyle: { color: '#64748b' },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            { yAxis: thresholds.medium, label: { formatter: labels.medium }, lineStyle: { color: BAND_COLOR.medium, type: 'dashed' } },
            { yAxis: thresholds.high, label: { formatter: labels.high }, lineStyle: { color: BAND_COLOR.high, type: 'dashed' } },
          ],
        },
      },
    ],
  });
  return <div data-testid="risk-chart" ref={box} style={{ height: 260 }} />;
}
