import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from './use-echart.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface SurvivalPoint {
  time: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

export interface SurvivalSeries {
  name: string;
  points: SurvivalPoint[];
}

/**
 * Kaplan–Meier curves as steps (ECharts): survival from 1 at day 0, each curve with its confidence band drawn as
 * dashed steps of the same colour. Days on the x axis, share still in post on the y axis.
 */
export function SurvivalChart({ series, bandLabel, height = 340, testId }: { series: SurvivalSeries[]; bandLabel: string; height?: number; testId?: string }) {
  const palette = ['#1d4ed8', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];
  const steps = (pts: SurvivalPoint[], pick: (p: SurvivalPoint) => number | null): [number, number | null][] => [[0, 1], ...pts.map((p): [number, number | null] => [p.time, pick(p)])];
  const option = {
    animation: false,
    color: palette,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—') },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 56, right: 24, top: 40, bottom: 36 },
    xAxis: { type: 'value', min: 0, name: 'd', nameLocation: 'end' },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: series.flatMap((s, i) => {
      const color = palette[i % palette.length];
      const band = (which: 'lower' | 'upper') => ({
        name: `${s.name} · ${bandLabel}`,
        type: 'line',
        step: 'end',
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1, color, opacity: 0.6 },
        itemStyle: { color },
        connectNulls: false,
        data: steps(s.points, (p) => p[which]),
        ...(which === 'upper' ? { legendHoverLink: false } : {}),
      });
      return [{ name: s.name, type: 'line', step: 'end', symbol: 'none', lineStyle: { width: 2, color }, itemStyle: { color }, data: steps(s.points, (p) => p.survival) }, band('lower'), band('upper')];
    }),
  };
  const box = useEChart(option);
  return <div data-testid={testId} ref={box} style={{ height }} />;
}
