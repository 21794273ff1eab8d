// --plot for a live run: collect every snapshot while it runs, render the SVG from the collection and the summary.
import type { MonitorHandle, RunSummary } from '../core/types.js';
import { PlotCollector, renderPlotSvg } from '../format/plot-svg.js';
import type { Owned } from './owned.js';

export interface LivePlot {
  render(summary: RunSummary): string;
}

export function collectPlot(monitor: MonitorHandle, owned: Owned): LivePlot {
  const collector = new PlotCollector();
  const unsubscribe = monitor.subscribe((s) => collector.add(s));
  owned.add('plot collector', unsubscribe);
  return { render: (summary) => renderPlotSvg(collector.input(summary)) };
}
