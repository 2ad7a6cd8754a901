import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from '../../components/use-echart.ts';
import type { GrowthCurve } from '../../api/assessments';

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export interface GrowthCurveLabels {
  scores: string;
  trend: string;
  band: string;
  threshold: string;
  projected: string;
  day: string;
}

const BAND = 'growth-band';

/**
 * The capability growth curve (ECharts): the assessor's scores over the days of employment, the least-squares
 * trend, its 80 % prediction band (drawn as the area between its low and high edges), the last milestone's pass
 * score as a line, and the projected score on that day.
 */
export function GrowthCurveChart({ curve, labels, height = 300 }: { curve: GrowthCurve; labels: GrowthCurveLabels; height?: number }) {
  const band = curve.band;
  const xy = (pick: (b: GrowthCurve['band'][number]) => number): [number, number][] => band.map((b) => [b.day, pick(b)]);
  const projected = curve.projection ? [[curve.projection.day, curve.projection.score]] : [];
  const box = useEChart({
    animation: false,
    color: ['#1d4ed8', '#64748b', '#93c5fd', '#dc2626', '#d97706'],
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(1) : String(v)) },
    legend: { top: 0, data: [labels.scores, labels.trend, labels.band, labels.projected] },
    grid: { left: 44, right: 28, top: 36, bottom: 36 },
    xAxis: { type: 'value', min: 0, max: Math.max(curve.targetDay, ...curve.points.map((p) => p.day)), name: labels.day, nameLocation: 'end' },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        name: labels.scores,
        type: 'scatter',
        symbolSize: 12,
        data: curve.points.map((p) => [p.day, p.score]),
        markLine: {
          symbol: 'none',
          silent: true,
          data: [{ yAxis: curve.threshold, label: { formatter: `${labels.threshold} ${curve.threshold}` }, lineStyle: { color: '#dc2626', type: 'dashed' } }],
        },
        z: 5,
      },
      { name: labels.trend, type: 'line', symbol: 'none', data: xy((b) => b.fit), lineStyle: { width: 2 }, z: 4 },
      // The band: an invisible line at its low edge, then its height stacked on top and filled.
      { name: `${labels.band}-low`, type: 'line', symbol: 'none', stack: BAND, data: xy((b) => b.low), lineStyle: { opacity: 0 }, tooltip: { show: false } },
      { name: labels.band, type: 'line', symbol: 'none', stack: BAND, data: xy((b) => b.high - b.low), lineStyle: { opacity: 0 }, areaStyle: { color: '#93c5fd', opacity: 0.35 }, tooltip: { show: false } },
      { name: labels.projected, type: 'scatter', symbol: 'diamond', symbolSize: 16, data: projected, itemStyle: { color: curve.projection?.unlikely ? '#dc2626' : '#16a34a' }, z: 6 },
    ],
  });
  return <div data-testid="growth-curve-chart" ref={box} style={{ height }} />;
}
