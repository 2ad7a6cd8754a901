import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, type OutboxPage } from '../../api/notifications';
import { useEChart } from '../../components/use-echart.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const COLORS = { pending: '#3b82f6', delivered: '#22c55e', dead: '#ef4444', held: '#f59e0b' } as const;

/** The outbox by channel (bars) and status (stacked), as the API counts it whatever the list's filter. */
export function OutboxChart({ counts }: { counts: OutboxPage['byChannel'] }) {
  const { t } = useTranslation();
  const countOf = (channel: string, status: string) => counts.find((c) => c.channel === channel && c.status === status)?.count ?? 0;
  const box = useEChart({
    animation: false,
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: DELIVERY_CHANNELS.map((c) => t(`channels.channel.${c}`)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: DELIVERY_STATUSES.map((s) => ({
      name: t(`channels.status.${s}`),
      type: 'bar',
      stack: 'status',
      itemStyle: { color: COLORS[s] },
      data: DELIVERY_CHANNELS.map((c) => countOf(c, s)),
    })),
  });
  return <div data-testid="outbox-chart" ref={box} style={{ height: 260 }} />;
}
