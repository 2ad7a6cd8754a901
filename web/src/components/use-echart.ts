import * as echarts from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

/**
 * One ECharts instance per mounted box, resized with it and disposed with it; the option is replaced whole on every
 * render. The caller registers the chart types and components it uses (echarts.use) beside its own import.
 */
export function useEChart(option: ChartOption): RefObject<HTMLDivElement | null> {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  });
  return box;
}
