/**
 * Charts: server-rendered, accessible SVG from a vega-lite specification, compiled with
 * vega-lite and rendered by vega's headless View (`renderer: 'none'`, `toSVG()`), never drawn by
 * hand. The SVG carries role="img" with a <title> and <desc>; the page shows the data table
 * beside it (the `chart` macro), so nothing is only in the picture. No scripts reach the browser.
 */
import { randomUUID } from 'node:crypto';
import type { compile as compileVegaLite, TopLevelSpec } from 'vega-lite';
import type * as Vega from 'vega';
import { Encodings, Font, FontNames } from '@pdf-lib/standard-fonts';
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

/**
 * Text sizes for people to read: axis and legend labels at 14 px, titles at 15 px bold (GOV.UK body
 * text is 16 to 19 px; vega's default of 10 to 11 px was too small). Labels are never cut short
 * (`labelLimit: 0`): a chart says "Fostering with relatives or friends", not "Fostering with r…".
 */
const CONFIG = {
  aria: false,
  font: 'arial, sans-serif',
  background: 'white',
  axis: {
    labelFontSize: 14,
    titleFontSize: 15,
    titleFontWeight: 'bold',
    labelColor: '#0b0c0c',
    titleColor: '#0b0c0c',
    gridColor: '#e5e5e5',
    labelLimit: 0,
    titlePadding: 10,
  },
  legend: {
    labelFontSize: 14,
    titleFontSize: 15,
    labelColor: '#0b0c0c',
    titleColor: '#0b0c0c',
    orient: 'bottom',
    direction: 'vertical',
    labelLimit: 0,
    symbolSize: 150,
  },
  range: { category: CHART_COLOURS },
  view: { stroke: null },
} as const;

/**
 * Text widths as a browser draws them. Without a canvas, vega guesses 0.8 x font size per
 * character, far wider than Arial's real letters: long labels were cut short ("Independent
 * fostering agen…") and space was wasted. Arial has Helvetica's metrics, published as the Adobe
 * font metrics of the PDF standard fonts (@pdf-lib/standard-fonts), so widths are summed from
 * those; a character outside WinAnsi counts as a digit's width. vega supports a width function
 * of one's own (`textMetrics.width`, as vl-convert does).
 */
const REGULAR = Font.load(FontNames.Helvetica);
const BOLD = Font.load(FontNames.HelveticaBold);
const widthCache = new Map<string, number>();

/** Width in pixels of `text` in Arial at `fontSize`, bold or not. */
export function arialWidth(text: string, fontSize: number, bold = false): number {
  const key = `${bold ? 'b' : 'r'}${text}`;
  let units = widthCache.get(key);
  if (units === undefined) {
    const font = bold ? BOLD : REGULAR;
    units = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      const glyph = Encodings.WinAnsi.canEncodeUnicodeCodePoint(cp)
        ? Encodings.WinAnsi.encodeUnicodeCodePoint(cp).name
        : undefined;
      units += (glyph ? font.getWidthOfGlyph(glyph) : undefined) ?? 556;
    }
    if (widthCache.size > 10_000) widthCache.clear();
    widthCache.set(key, units);
  }
  return (units * fontSize) / 1000;
}

interface TextItem {
  readonly text?: unknown;
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly limit?: number;
}

// Called with (item, text): the width of `text` (or of the item's text) in the item's font, no
// wider than its limit, as vega's own estimate is.
function textWidth(item: TextItem, text?: unknown): number {
  const t = String(text ?? item.text ?? '').trim();
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
  const w = arialWidth(t, size, bold);
  return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
}

let engines: Promise<{ compile: typeof compileVegaLite; vega: typeof Vega }> | undefined;

/**
 * vega-lite and vega, loaded the first time a chart is drawn rather than when the app starts
 * (together about a fifth of the web app's start-up; most requests draw no chart), with vega's
 * text widths set to Arial's.
 */
function chartEngines(): Promise<{ compile: typeof compileVegaLite; vega: typeof Vega }> {
  return (engines ??= Promise.all([import('vega-lite'), import('vega')]).then(([vegaLite, vega]) => {
    // vega re-exports vega-scenegraph's `textMetrics`, which its type declarations leave out.
    const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } };
    textMetrics.width = textWidth;
    return { compile: vegaLite.compile, vega };
  }));
}
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
  const { compile, vega } = await chartEngines();
  const vgSpec = compile(full).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
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
