/** Helpers for reading the generator's returns in tests, independently of the generator's code. */
import { parseDate } from '../../src/domain/dates.ts';
import type { CollectionYearReturn, EpisodeRow } from '../../src/domain/demo/returns.ts';

/** ISO date of a DD/MM/YYYY field; throws on anything else (the generator writes only that). */
export function iso(text: string): string {
  const d = parseDate(text);
  if (d === null || !/^\d{2}\/\d{2}\/\d{4}$/.test(text)) throw new Error(`not a DD/MM/YYYY date: "${text}"`);
  return d;
}

/** Children looked after on `day` in one return: DECOM <= day < DEC (or DEC blank), short breaks left out. */
export function lookedAfterOn(ret: CollectionYearReturn, day: string): number {
  const children = new Set<string>();
  for (const e of ret.episodes) {
    if (e.LS === 'V3' || e.LS === 'V4') continue;
    if (iso(e.DECOM) <= day && (e.DEC === '' || day < iso(e.DEC))) children.add(e.CHILD);
  }
  return children.size;
}

/** Every episode once, the latest return's version winning (same CHILD + DECOM), grouped by child, by start. */
export function mergedEpisodes(returns: readonly CollectionYearReturn[]): Map<string, EpisodeRow[]> {
  const latest = new Map<string, EpisodeRow>();
  for (const ret of [...returns].sort((a, b) => a.collectionYear - b.collectionYear)) {
    for (const e of ret.episodes) latest.set(`${e.CHILD}|${iso(e.DECOM)}`, e);
  }
  const byChild = new Map<string, EpisodeRow[]>();
  for (const e of latest.values()) {
    const list = byChild.get(e.CHILD) ?? [];
    list.push(e);
    byChild.set(e.CHILD, list);
  }
  for (const list of byChild.values()) list.sort((a, b) => (iso(a.DECOM) < iso(b.DECOM) ? -1 : 1));
  return byChild;
}
