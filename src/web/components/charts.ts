/**
 * Charts: server-rendered, accessible SVG from a vega-lite specification, compiled with
 * vega-lite and rendered by vega's headless View (`renderer: 'none'`, `toSVG()`), never drawn by
 * hand. The SVG carries role="img" with a <title> and <desc>; the page shows the data table
 * beside it (the `chart` macro), so nothing is only in the picture. No scripts reach the browser.
 */
import { randomUUID } from 'node:crypto';
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { DataTable } from './tables.ts';
import { tableView, type TableView } from './tables.ts';

/** Colours from the GOV.UK palette, in an order that keeps neighbours distinguishable. */
export const CHART_COLOURS = [
  '#1d70b8',
  '#f47738',
  '#00703c',
  '#d4351c',
  '#4c2c92',
  '#b58840',
  '#28a197',
  '#912b88',
  '#505a5f',
  '#85994b',
];

const CONFIG = {
  aria: false,
  font: 'arial, sans-serif',
  background: 'white',
  axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#0b0c0c', titleColor: '#0b0c0c', gridColor: '#e5e5e5' },
  legend: {
    labelFontSize: 12,
    titleFontSize: 13,
    labelColor: '#0b0c0c',
    titleColor: '#0b0c0c',
    orient: 'bottom',
    columns: 3,
  },
  range: { category: CHART_COLOURS },
  view: { stroke: null },
} as const;

export interface ChartText {
  /** Short title, shown above the chart and read as the image's name. */
  readonly title: string;
  /** What the chart shows, in words: read as the image's description and printed below it. */
  readonly description: string;
}

export interface ChartView extends ChartText {
  readonly id: string;
  readonly svg: string;
  readonly table: TableView | undefined;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Renders a vega-lite spec (data inline) to SVG with a text alternative. */
export async function renderSvg(
  spec: TopLevelSpec,
  text: ChartText,
  id: string = `chart-${randomUUID().slice(0, 8)}`,
): Promise<string> {
  const full = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const vgSpec = compile(full).spec;
  const view = new View(parse(vgSpec), { renderer: 'none' });
  try {
    // Inner ARIA roles (vega's graphics-object/symbol markup) are removed: the chart is one image
    // with one text alternative, and its numbers are in the table beside it.
    const raw = (await view.toSVG()).replace(/\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '');
    const titleId = `${id}-title`;
    const descId = `${id}-desc`;
    return raw.replace(
      /^<svg([^>]*)>/,
      `<svg$1 role="img" aria-labelledby="${titleId} ${descId}" focusable="false"><title id="${titleId}">${escapeXml(text.title)}</title><desc id="${descId}">${escapeXml(text.description)}</desc>`,
    );
  } finally {
    view.finalize();
  }
}

/** A chart for the `chart` macro: SVG, words, and the data table beside it. */
export async function renderChart(
  spec: TopLevelSpec,
  text: ChartText,
  table?: DataTable,
  id?: string,
): Promise<ChartView> {
  const chartId = id ?? `chart-${randomUUID().slice(0, 8)}`;
  return {
    id: chartId,
    ...text,
    svg: await renderSvg(spec, text, `${chartId}-svg`),
    table: table ? tableView(table) : undefined,
  };
}
