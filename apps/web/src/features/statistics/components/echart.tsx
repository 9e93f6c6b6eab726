import type { ComposeOption } from "echarts/core";
import { init, use, type ECharts } from "echarts/core";
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the statistics screen draws (tree-shaken): bars, lines, a pie; grid, tooltip, legend; the SVG renderer
// (sharp on any screen and in print, light for charts of a few dozen shapes).
use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

type EChartProps = {
  option: ChartOption;
  /** What the chart shows, for screen readers (the numbers are in the card's 数据表). */
  label: string;
  height?: number;
  /** A click on a bar or slice: its category (x-axis or pie) name. */
  onItemClick?: (name: string) => void;
};

/**
 * A thin React wrapper of ECharts: one instance per mounted element, the
 * option replaced (not merged) when it changes, and resized whenever its
 * container changes width (ResizeObserver: the grid's columns, the side
 * menu folding, a phone turned) rather than on window resize only.
 */
export function EChart({ option, label, height = 280, onItemClick }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, undefined, { renderer: "svg", locale: "ZH" });
    chart.current = instance;
    instance.on("click", (params) => {
      if (typeof params.name === "string") clickRef.current?.(params.name);
    });
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(node);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
