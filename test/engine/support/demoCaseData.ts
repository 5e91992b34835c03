/**
 * The synthetic council generator's returns as the engine reads them (CaseData), without the
 * file loader: episodes are merged across years by CHILD + DECOM with the latest return winning,
 * as the 903 guidance says; dates DD/MM/YYYY; SEX 1/2 or M/F; UASC from the uasc table.
 */
import { parseDate } from '../../../src/domain/dates.ts';
import type { CaseData, Child, Episode, Sex } from '../../../src/domain/model.ts';
import { simulateCouncil, type SimulateCouncilOptions } from '../../../src/domain/demo/simulateCouncil.ts';
import type { CollectionYearReturn } from '../../../src/domain/demo/returns.ts';

function date(text: string): string {
  const d = parseDate(text);
  if (d === null) throw new Error(`bad date ${text}`);
  return d;
}

const SEX: Readonly<Record<string, Sex>> = { '1': 'M', '2': 'F', M: 'M', F: 'F', U: 'U' };

export function caseDataFromReturns(returns: readonly CollectionYearReturn[]): CaseData {
  const children = new Map<string, Child>();
  const uasc = new Map<string, string | null>();
  const episodes = new Map<string, Episode>();
  for (const ret of [...returns].sort((a, b) => a.collectionYear - b.collectionYear)) {
    for (const u of ret.uasc) uasc.set(u.CHILD, u.DUC === '' ? null : date(u.DUC));
    for (const h of ret.header) {
      children.set(h.CHILD, {
        childId: h.CHILD,
        sex: SEX[h.SEX] ?? 'U',
        dob: date(h.DOB),
        ethnicity: h.ETHNIC,
        uasc: false,
        uascCeased: null,
      });
    }
    for (const e of ret.episodes) {
      const start = date(e.DECOM);
      episodes.set(`${e.CHILD}|${start}`, {
        childId: e.CHILD,
        start,
        reasonNew: e.RNE,
        legalStatus: e.LS,
        needCode: e.CIN,
        placement: e.PLACE,
        provider: e.PLACE_PROVIDER === '' ? null : e.PLACE_PROVIDER,
        end: e.DEC === '' ? null : date(e.DEC),
        reasonEnded: e.REC === '' ? null : e.REC,
        reasonPlaceChange: e.REASON_PLACE_CHANGE === '' ? null : e.REASON_PLACE_CHANGE,
      });
    }
  }
  for (const [id, duc] of uasc) {
    const c = children.get(id);
    if (c) children.set(id, { ...c, uasc: true, uascCeased: duc });
  }
  return { children: [...children.values()], episodes: [...episodes.values()] };
}

/** A simulated council's case data. */
export function demoCaseData(options: SimulateCouncilOptions): CaseData {
  return caseDataFromReturns(simulateCouncil(options).returns);
}
