// ECharts, tree-shaken: only the bar and pie charts, their components and the canvas renderer are bundled.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** A chart whose bars or slices open the list behind them: `onPick` gets the clicked item's name. */
export function Chart({ option, onPick, label, height = 280 }: { option: ChartOption; onPick: (name: string) => void; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (el.current === null) return;
    const chart = echarts.init(el.current);
    chart.on('click', (p) => {
      const name = (p as { name?: unknown }).name;
      if (typeof name === 'string') pick.current(name);
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, []);
  useEffect(() => {
    if (el.current === null) return;
    echarts.getInstanceByDom(el.current)?.setOption(option, true);
  }, [option]);
  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height, cursor: 'pointer' }} />;
}
