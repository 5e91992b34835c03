/**
 * Every validation rule with a failing and a passing case. Domain rules run on returns built with
 * the builders; file rules run load903 on files written to a temp folder. The last test checks
 * that every rule in the catalogue has a case here.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RULES } from '../../src/domain/ssda903/rules.ts';
import type { Issue } from '../../src/domain/ssda903/types.ts';
import { load903 } from '../../src/io/load903.ts';
import {
  aCareLeaver,
  aChild,
  analyse,
  anEpisode,
  aReturn,
  aUasc,
  EPISODE_COLUMNS,
  HEADER_COLUMNS,
  toCsv,
  writeReturns,
  type ReturnSpec,
} from '../support/ssda903Builders.ts';
import { processFolder } from '../support/processFolder.ts';

interface Case {
  readonly fail: () => Promise<readonly Issue[]> | readonly Issue[];
  readonly pass: () => Promise<readonly Issue[]> | readonly Issue[];
  /** Column the failing case's issue names (checked when given). */
  readonly column?: string;
}

const run = (specs: ReturnSpec[]) => analyse(specs).issues;
const one = (over: Partial<ReturnSpec>) => run([aReturn(over)]);
const LEAVER = aChild({ CHILD: '2001', DOB: '01/05/2004' });

const dir = processFolder('forecare-903-rules-');
let n = 0;
async function folder(): Promise<string> {
  n += 1;
  const d = join(dir, `case${n}`);
  await mkdir(d, { recursive: true });
  return d;
}
async function loadFiles(
  files: Record<string, string | Buffer>,
  paths?: (d: string) => string[],
): Promise<readonly Issue[]> {
  const d = await folder();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(d, name, '..'), { recursive: true });
    await writeFile(join(d, name), content);
  }
  return (await load903(paths ? paths(d) : [d])).issues;
}
async function loadValid(): Promise<readonly Issue[]> {
  const d = await folder();
  await writeReturns(d, [aReturn()]);
  return (await load903([d])).issues;
}
const validEpisodes = toCsv(EPISODE_COLUMNS, [anEpisode()]);

// A return whose episodes table also has PL_DISTANCE and PL_LA, one episode per value given.
const withPlacementArea = (values: readonly { PL_DISTANCE?: string; PL_LA?: string }[]) =>
  loadFiles({
    '2024/header.csv': toCsv(HEADER_COLUMNS, [aChild()]),
    '2024/episodes.csv': toCsv(
      [...EPISODE_COLUMNS, 'PL_DISTANCE', 'PL_LA'],
      values.map((v, i) =>
        anEpisode({
          DECOM: `0${i + 1}/06/2023`,
          DEC: i + 1 < values.length ? `0${i + 2}/06/2023` : '',
          REC: i + 1 < values.length ? 'X1' : '',
          RNE: i === 0 ? 'S' : 'P',
          PL_DISTANCE: v.PL_DISTANCE ?? '',
          PL_LA: v.PL_LA ?? '',
        }),
      ),
    ),
  });

// Two episodes of child 1001: the first ends 01/09/2023 with `rec`; the second starts `start` with `rne`.
const pair = (rec: string, start: string, rne: string) =>
  one({
    episodes: [anEpisode({ DEC: '01/09/2023', REC: rec }), anEpisode({ DECOM: start, RNE: rne, LS: 'V2' })],
  });

const CASES: Record<string, Case> = {
  'FILE-NOT-FOUND': { fail: async () => (await load903([join(dir, 'no-such-folder')])).issues, pass: loadValid },
  'FILE-NO-TABLES': { fail: () => loadFiles({ '2024/reviews.csv': 'CHILD,DOB\n1,01/01/2010\n' }), pass: loadValid },
  'FILE-EMPTY': { fail: () => loadFiles({ '2024/episodes.csv': '' }), pass: loadValid },
  'FILE-BINARY': {
    fail: () => loadFiles({ '2024/episodes.csv': Buffer.from([0x43, 0x48, 0x00, 0x01, 0xff, 0x10, 0x00, 0x02]) }),
    pass: loadValid,
  },
  'FILE-ENCODING': {
    fail: () =>
      loadFiles({ '2024/episodes.csv': Buffer.concat([Buffer.from(validEpisodes), Buffer.from([0xa3, 0x35, 0x0a])]) }),
    pass: loadValid,
  },
  'FILE-DELIMITER': {
    fail: () => loadFiles({ '2024/episodes.csv': validEpisodes.replaceAll(',', ';') }),
    pass: loadValid,
  },
  'FILE-MALFORMED': {
    fail: () => loadFiles({ '2024/episodes.csv': validEpisodes + '1002,01/06/2023,S,C2' }),
    pass: loadValid,
  },
  'FILE-FIELD-TOO-LONG': {
    fail: () =>
      loadFiles({ '2024/episodes.csv': toCsv(EPISODE_COLUMNS, [anEpisode({ HOME_POST: 'x'.repeat(5000) })]) }),
    pass: loadValid,
  },
  'FILE-TOO-LARGE': {
    // A sparse file: 101 MB on paper, no disk used.
    fail: async () => {
      const d = await folder();
      const handle = await open(join(d, '2024.xlsx'), 'w');
      await handle.truncate(101 * 1024 * 1024);
      await handle.close();
      return (await load903([d])).issues;
    },
    pass: loadValid,
  },
  'FILE-YEAR-UNKNOWN': {
    fail: () => loadFiles({ 'returns/episodes.csv': validEpisodes }, (d) => [join(d, 'returns/episodes.csv')]),
    pass: loadValid,
  },
  'FILE-YEAR-NAMING': {
    // A folder named 2023 holding 2023/24 data (episodes in April 2023 - March 2024).
    fail: () =>
      loadFiles({
        '2023/episodes.csv': validEpisodes,
        '2023/header.csv': toCsv(['CHILD', 'SEX', 'DOB', 'ETHNIC'], [aChild()]),
      }),
    pass: loadValid,
  },
  'FILE-DUPLICATE': {
    fail: async () => {
      const d = await folder();
      await writeReturns(d, [aReturn()], 'combined');
      await mkdir(join(d, '2024'));
      await copyFile(join(d, '2024-episodes.csv'), join(d, '2024', 'episodes.csv'));
      return (await load903([d])).issues;
    },
    pass: loadValid,
  },
  'FILE-IGNORED': {
    fail: () =>
      loadFiles({ '2024/reviews.csv': 'CHILD\n1\n', '2024/episodes.csv': validEpisodes }, (d) => [
        join(d, '2024/reviews.csv'),
        join(d, '2024/episodes.csv'),
      ]),
    pass: loadValid,
  },
  'COL-MISSING': {
    fail: () =>
      loadFiles({
        '2024/episodes.csv': toCsv(
          EPISODE_COLUMNS.filter((c) => c !== 'LS'),
          [anEpisode()],
        ),
      }),
    pass: loadValid,
    column: 'LS',
  },
  'COL-DUPLICATE': {
    fail: () => loadFiles({ '2024/episodes.csv': toCsv([...EPISODE_COLUMNS, 'CHILD'], [anEpisode()]) }),
    pass: loadValid,
    column: 'CHILD',
  },

  'CHILD-MISSING': { fail: () => one({ episodes: [anEpisode({ CHILD: ' ' })] }), pass: () => one({}), column: 'CHILD' },
  'CHILD-FORMAT': {
    fail: () => one({ header: [aChild({ CHILD: 'ABCDEFGHIJK' })], episodes: [anEpisode({ CHILD: 'ABCDEFGHIJK' })] }),
    pass: () => one({ header: [aChild({ CHILD: 'ABCDEFGHIJ' })], episodes: [anEpisode({ CHILD: 'ABCDEFGHIJ' })] }),
    column: 'CHILD',
  },
  'DECOM-INVALID': {
    fail: () => one({ episodes: [anEpisode({ DECOM: '31/02/2023' })] }),
    pass: () => one({ episodes: [anEpisode({ DECOM: '2023-06-01' })] }),
    column: 'DECOM',
  },
  'DOB-INVALID': {
    fail: () => one({ header: [aChild({ DOB: 'unknown' })] }),
    pass: () => one({ header: [aChild({ DOB: '2010-05-01' })] }),
    column: 'DOB',
  },
  'DATE-FORMAT': {
    fail: () => one({ episodes: [anEpisode({ DEC: '2023-13-01', REC: 'E8' })] }),
    pass: () => one({ episodes: [anEpisode({ DEC: '2023-12-01', REC: 'E8' })] }),
    column: 'DEC',
  },
  'CODE-MISSING': { fail: () => one({ episodes: [anEpisode({ LS: '' })] }), pass: () => one({}), column: 'LS' },
  'CODE-UNKNOWN': {
    fail: () => one({ episodes: [anEpisode({ PLACE: 'ZZ' })] }),
    pass: () => one({ episodes: [anEpisode({ PLACE: 'u4' })] }),
    column: 'PLACE',
  },
  'CODE-WRONG-YEAR': {
    // K3 (registered supported accommodation) exists only from the 2025 collection.
    fail: () => one({ episodes: [anEpisode({ PLACE: 'K3' })] }),
    pass: () =>
      run([
        { year: 2025, header: [aChild({ SEX: 'M' })], episodes: [anEpisode({ DECOM: '01/06/2024', PLACE: 'K3' })] },
      ]),
    column: 'PLACE',
  },
  'CODE-HISTORIC': {
    fail: () => one({ episodes: [anEpisode({ PLACE: 'Q1' })] }),
    pass: () => one({ episodes: [anEpisode({ PLACE: 'U1' })] }),
    column: 'PLACE',
  },

  'EPI-PL-DISTANCE': {
    fail: () => withPlacementArea([{ PL_DISTANCE: '12 miles' }, { PL_DISTANCE: '1000.0' }, { PL_DISTANCE: '-3' }]),
    pass: () => withPlacementArea([{ PL_DISTANCE: '12.5' }, { PL_DISTANCE: '0.0' }, { PL_DISTANCE: '999.9' }, {}]),
    column: 'PL_DISTANCE',
  },
  'EPI-PL-LA': {
    fail: () => withPlacementArea([{ PL_LA: '30-1' }, { PL_LA: 'E09 000002' }]),
    pass: () => withPlacementArea([{ PL_LA: '301' }, { PL_LA: 'e09000002' }, {}]),
    column: 'PL_LA',
  },
  'EPI-PROVIDER': {
    fail: async () => [
      ...one({ episodes: [anEpisode({ PLACE_PROVIDER: '' })] }),
      ...one({ episodes: [anEpisode({ PLACE: 'T1' })] }),
      ...one({ episodes: [anEpisode({ PLACE_PROVIDER: 'PR0' })] }),
    ],
    pass: async () => [
      ...one({ episodes: [anEpisode({ PLACE: 'T1', PLACE_PROVIDER: '' })] }),
      ...one({ episodes: [anEpisode({ PLACE: 'P1', PLACE_PROVIDER: 'PR0' })] }),
    ],
    column: 'PLACE_PROVIDER',
  },
  'EPI-DEC-BEFORE-DECOM': {
    fail: () => one({ episodes: [anEpisode({ DEC: '31/05/2023', REC: 'E8' })] }),
    pass: () => one({ episodes: [anEpisode({ DEC: '01/06/2023', REC: 'E8' })] }),
    column: 'DEC',
  },
  'EPI-DEC-REC-PAIR': {
    fail: () => one({ episodes: [anEpisode({ REC: 'E8' })] }),
    pass: () => one({ episodes: [anEpisode({ DEC: '01/07/2023', REC: 'E8' })] }),
    column: 'DEC',
  },
  'EPI-DECOM-BEFORE-DOB': {
    fail: () => one({ header: [aChild({ DOB: '02/06/2023' })] }),
    pass: () => one({ header: [aChild({ DOB: '01/06/2023' })] }),
    column: 'DECOM',
  },
  'EPI-AGE-18': {
    // Born 01/06/2005: 18 on 01/06/2023, the day the episode starts.
    fail: () => one({ header: [aChild({ DOB: '01/06/2005' })] }),
    pass: () => one({ header: [aChild({ DOB: '02/06/2005' })] }),
    column: 'DECOM',
  },
  'EPI-DECOM-AFTER-YEAR': {
    fail: () => one({ episodes: [anEpisode({ DECOM: '01/04/2024' })] }),
    pass: () => one({ episodes: [anEpisode({ DECOM: '31/03/2024' })] }),
    column: 'DECOM',
  },
  'EPI-DEC-AFTER-YEAR': {
    fail: () => one({ episodes: [anEpisode({ DEC: '01/04/2024', REC: 'E8' })] }),
    pass: () => one({ episodes: [anEpisode({ DEC: '31/03/2024', REC: 'E8' })] }),
    column: 'DEC',
  },
  'EPI-DEC-BEFORE-YEAR': {
    fail: () => one({ episodes: [anEpisode({ DECOM: '01/01/2023', DEC: '31/03/2023', REC: 'E8' })] }),
    pass: () => one({ episodes: [anEpisode({ DECOM: '01/01/2023', DEC: '01/04/2023', REC: 'E8' })] }),
    column: 'DEC',
  },
  'HDR-DOB-AFTER-YEAR': {
    fail: () =>
      one({
        header: [aChild(), aChild({ CHILD: '1002', DOB: '01/04/2024' })],
        episodes: [anEpisode(), anEpisode({ CHILD: '1002', DECOM: '31/03/2024' })],
      }),
    pass: () =>
      one({
        header: [aChild(), aChild({ CHILD: '1002', DOB: '31/03/2024' })],
        episodes: [anEpisode(), anEpisode({ CHILD: '1002', DECOM: '31/03/2024' })],
      }),
    column: 'DOB',
  },
  'EPI-DUPLICATE-START': {
    fail: () => one({ episodes: [anEpisode(), anEpisode({ LS: 'V2' })] }),
    pass: () => one({ episodes: [anEpisode(), anEpisode()] }),
    column: 'DECOM',
  },
  'HDR-DUPLICATE-CHILD': {
    fail: () => one({ header: [aChild(), aChild({ ETHNIC: 'BAFR' })] }),
    pass: () => one({ header: [aChild(), aChild()] }),
    column: 'CHILD',
  },
  'EPI-OVERLAP': {
    fail: () =>
      one({
        episodes: [anEpisode({ DEC: '01/09/2023', REC: 'X1' }), anEpisode({ DECOM: '01/08/2023', RNE: 'L', LS: 'V2' })],
      }),
    pass: () => pair('X1', '01/09/2023', 'L'),
    column: 'DECOM',
  },
  'EPI-RNE-NOT-S': {
    fail: () => pair('E8', '01/10/2023', 'P'),
    pass: () => pair('E8', '01/10/2023', 'S'),
    column: 'RNE',
  },
  'EPI-RNE-S-CONTINUES': {
    fail: () => pair('X1', '01/09/2023', 'S'),
    pass: () => pair('X1', '01/09/2023', 'P'),
    column: 'RNE',
  },
  'EPI-X1-GAP': { fail: () => pair('X1', '02/09/2023', 'P'), pass: () => pair('X1', '01/09/2023', 'P'), column: 'REC' },
  'XTB-EPISODE-NO-HEADER': {
    fail: () => one({ episodes: [anEpisode(), anEpisode({ CHILD: '2002' })] }),
    pass: () =>
      one({ header: [aChild(), aChild({ CHILD: '2002' })], episodes: [anEpisode(), anEpisode({ CHILD: '2002' })] }),
    column: 'CHILD',
  },
  'XTB-UASC-NO-HEADER': {
    fail: () => one({ uasc: [aUasc({ CHILD: '3003' })] }),
    pass: () => one({ uasc: [aUasc()] }),
    column: 'CHILD',
  },
  'XTB-UASC-MISMATCH': {
    fail: () => one({ uasc: [aUasc({ DOB: '02/05/2010' })] }),
    pass: () => one({ uasc: [aUasc()] }),
    column: 'DOB',
  },
  'XTB-HEADER-NO-EPISODE': {
    fail: () => one({ header: [aChild(), aChild({ CHILD: '2002' })] }),
    pass: () => one({ header: [aChild()] }),
    column: 'CHILD',
  },
  // The care leavers' table: 2001 left care and was 19 on 1 May 2023.
  'OC3-CODE': {
    fail: () => one({ header: [aChild(), LEAVER], oc3: [aCareLeaver({ CHILD: '2001', ACTIV: 'X9' })] }),
    pass: () => one({ header: [aChild(), LEAVER], oc3: [aCareLeaver({ CHILD: '2001' })] }),
    column: 'ACTIV',
  },
  'OC3-NO-HEADER': {
    fail: () => one({ header: [aChild()], oc3: [aCareLeaver({ CHILD: '2001' })] }),
    pass: () => one({ header: [aChild(), LEAVER], oc3: [aCareLeaver({ CHILD: '2001' })] }),
    column: 'CHILD',
  },
  'OC3-DOB-MISMATCH': {
    fail: () => one({ header: [aChild(), LEAVER], oc3: [aCareLeaver({ CHILD: '2001', DOB: '02/05/2004' })] }),
    pass: () => one({ header: [aChild(), LEAVER], oc3: [aCareLeaver({ CHILD: '2001' })] }),
    column: 'DOB',
  },
  'OC3-AGE': {
    fail: () =>
      one({
        header: [aChild(), aChild({ CHILD: '2001', DOB: '01/05/2008' })],
        oc3: [aCareLeaver({ CHILD: '2001', DOB: '01/05/2008' })],
      }),
    pass: () => one({ header: [aChild(), LEAVER], oc3: [aCareLeaver({ CHILD: '2001' })] }),
    column: 'DOB',
  },
  'OC3-DUPLICATE-CHILD': {
    fail: () =>
      one({
        header: [aChild(), LEAVER],
        oc3: [aCareLeaver({ CHILD: '2001' }), aCareLeaver({ CHILD: '2001', ACTIV: 'G5' })],
      }),
    pass: () => one({ header: [aChild(), LEAVER], oc3: [aCareLeaver({ CHILD: '2001' })] }),
    column: 'CHILD',
  },
  'XYR-DOB-CHANGED': {
    fail: () =>
      run([aReturn({ year: 2024 }), aReturn({ year: 2025, header: [aChild({ SEX: 'M', DOB: '02/05/2010' })] })]),
    pass: () => run([aReturn({ year: 2024 }), aReturn({ year: 2025, header: [aChild({ SEX: 'M' })] })]),
    column: 'DOB',
  },
  'XYR-SEX-CHANGED': {
    // SEX 1 (up to 2023/24) and M (from 2024/25) both mean male.
    fail: () => run([aReturn({ year: 2024 }), aReturn({ year: 2025, header: [aChild({ SEX: 'F' })] })]),
    pass: () => run([aReturn({ year: 2024 }), aReturn({ year: 2025, header: [aChild({ SEX: 'M' })] })]),
    column: 'SEX',
  },
  'XYR-OPEN-MISSING': {
    fail: () => run([aReturn({ year: 2024 }), aReturn({ year: 2025, header: [aChild({ SEX: 'M' })], episodes: [] })]),
    pass: () =>
      run([
        aReturn({ year: 2024 }),
        aReturn({
          year: 2025,
          header: [aChild({ SEX: 'M' })],
          episodes: [anEpisode({ DEC: '01/07/2024', REC: 'E8' })],
        }),
      ]),
    column: 'DEC',
  },
};

describe('903 validation rules', () => {
  for (const [rule, c] of Object.entries(CASES)) {
    test(`${rule}: the failing case is reported, the passing case is not`, async () => {
      const failing = (await c.fail()).filter((i) => i.rule === rule);
      if (rule === 'EPI-PROVIDER') assert.equal(failing.length, 3, 'blank, not allowed, and PR0 without P1');
      if (rule === 'EPI-PL-DISTANCE')
        assert.deepEqual(
          failing.map((i) => i.row),
          [2, 3, 4],
          'words, over 999.9, negative',
        );
      if (rule === 'EPI-PL-LA')
        assert.deepEqual(
          failing.map((i) => i.row),
          [2, 3],
          'punctuation, a space',
        );
      assert.ok(failing.length > 0, `${rule} should fire`);
      const info = RULES[rule as keyof typeof RULES];
      for (const i of failing) {
        assert.equal(i.severity, info.severity);
        assert.equal(i.fatal, info.fatal);
        assert.ok(i.message.length > 20, 'a message a person can read');
        assert.ok(i.file !== '', 'names the file');
      }
      if (c.column !== undefined) assert.equal(failing[0]!.column, c.column);
      const passing = (await c.pass()).filter((i) => i.rule === rule);
      assert.deepEqual(passing, [], `${rule} should not fire on the passing case`);
    });
  }

  test('every rule in the catalogue has a case', () => {
    assert.deepEqual(
      Object.keys(RULES).filter((r) => !(r in CASES)),
      [],
    );
  });

  test('the default builder return is clean', () => {
    assert.deepEqual(one({}), []);
  });

  test('fatal file problems give exactly one fatal issue, naming the file', async () => {
    for (const rule of [
      'FILE-EMPTY',
      'FILE-BINARY',
      'FILE-ENCODING',
      'FILE-DELIMITER',
      'FILE-MALFORMED',
      'FILE-FIELD-TOO-LONG',
      'COL-MISSING',
      'COL-DUPLICATE',
    ]) {
      const fatal = (await CASES[rule]!.fail()).filter((i) => i.fatal);
      assert.equal(fatal.length, 1, `${rule}: ${JSON.stringify(fatal)}`);
      assert.equal(fatal[0]!.rule, rule);
      assert.match(fatal[0]!.file, /episodes\.csv$/);
      assert.ok(fatal[0]!.message.includes('episodes.csv') || fatal[0]!.column !== null, fatal[0]!.message);
    }
  });

  test('messages name the child and the field', () => {
    const [issue] = one({ episodes: [anEpisode({ PLACE: 'ZZ' })] });
    assert.match(issue!.message, /Child 1001/);
    assert.match(issue!.message, /placement type \(PLACE\)/);
    assert.match(issue!.message, /Expected one of/);
    assert.equal(issue!.childId, '1001');
    assert.equal(issue!.row, 2);
  });

  test('a wrong-year code and an unknown code are told apart', () => {
    const sex = run([{ year: 2025, header: [aChild({ SEX: '1' })], episodes: [anEpisode({ DECOM: '01/06/2024' })] }]);
    assert.deepEqual(
      sex.map((i) => i.rule),
      ['CODE-WRONG-YEAR'],
    );
    assert.match(sex[0]!.message, /only valid in collection years up to 2024/);
    const unknown = run([
      { year: 2025, header: [aChild({ SEX: '9' })], episodes: [anEpisode({ DECOM: '01/06/2024' })] },
    ]);
    assert.deepEqual(
      unknown.map((i) => i.rule),
      ['CODE-UNKNOWN'],
    );
  });

  test('a missing episode is only reported when the return it belongs in was loaded', () => {
    // 2023 and 2025 loaded, not 2024: the episode before one starting 01/09/2023 (RNE P) would be in
    // the 2024 return, which was not given; in the 2024 return itself it is missing for sure.
    const gapYear = run([
      aReturn({ year: 2023, episodes: [anEpisode({ DECOM: '01/06/2022', DEC: '01/08/2022', REC: 'E8' })] }),
      aReturn({
        year: 2025,
        header: [aChild({ SEX: 'M' })],
        episodes: [anEpisode({ DECOM: '01/09/2023', RNE: 'P', DEC: '01/07/2024', REC: 'E8' })],
      }),
    ]);
    assert.deepEqual(gapYear, []);
    const loaded = run([aReturn({ episodes: [anEpisode({ DECOM: '01/09/2023', RNE: 'P' })] })]);
    assert.deepEqual(
      loaded.map((i) => i.rule),
      ['EPI-RNE-NOT-S'],
    );
  });

  test('an end made by clipping an overlap gives no sequence issues of its own', () => {
    // Two periods of care at once: the first (X1 at 01/12/2023) is clipped to end 01/08/2023 when
    // the second (S) starts. Only the overlap is reported, not "S after X1" or "X1 with a gap".
    const issues = one({
      episodes: [
        anEpisode({ DEC: '01/12/2023', REC: 'X1' }),
        anEpisode({ DECOM: '01/12/2023', RNE: 'P', LS: 'V2' }),
        anEpisode({ DECOM: '01/08/2023', RNE: 'S', DEC: '01/09/2023', REC: 'E8' }),
      ],
    });
    assert.deepEqual(issues.map((i) => i.rule).sort(), ['EPI-OVERLAP', 'EPI-RNE-NOT-S']);
    // The remaining RNE issue is real: the P episode on 01/12/2023 follows an exit (E8) on 01/09/2023.
    assert.match(issues.find((i) => i.rule === 'EPI-RNE-NOT-S')!.message, /01\/12\/2023 has RNE P/);
  });

  test('historic SGO codes E43/E44 are accepted with a warning', () => {
    const issues = one({ episodes: [anEpisode({ DEC: '01/07/2023', REC: 'E43' })] });
    assert.deepEqual(
      issues.map((i) => [i.rule, i.severity]),
      [['CODE-HISTORIC', 'warning']],
    );
  });

  test('short-break episodes (LS V3/V4) are kept in the data', () => {
    const r = analyse([
      aReturn({
        episodes: [anEpisode({ LS: 'V3', DEC: '03/06/2023', REC: 'E8' }), anEpisode({ DECOM: '01/07/2023', LS: 'V4' })],
      }),
    ]);
    assert.deepEqual(
      r.episodes.map((e) => e.legalStatus),
      ['V3', 'V4'],
    );
    assert.deepEqual(r.issues, []);
  });
});
