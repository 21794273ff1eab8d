// --plot for a live run: collect every snapshot while it runs, render the SVG from the collection and the summary.
import type { Monitor } from '../core/monitor.js';
import type { RunSummary } from '../core/types.js';
import { PlotCollector, renderPlotSvg } from '../format/plot-svg.js';
import type { Owned } from './owned.js';

export interface LivePlot {
  render(summary: RunSummary): string;
}

/** One point per tick: the Monitor's subscribe, not its view (a snapshot re-published with new flags is no new sample). */
export function collectPlot(monitor: Pick<Monitor, 'subscribe'>, owned: Owned): LivePlot {
  const collector = new PlotCollector();
  const unsubscribe = monitor.subscribe((s) => collector.add(s));
  owned.add('plot collector', unsubscribe);
  return { render: (summary) => renderPlotSvg(collector.input(summary)) };
}
