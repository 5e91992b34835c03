/**
 * The import history (issue 15): at 1,280 px the page's table fits (seven columns: added and updated
 * together, errors and warnings in words, "1 warning" not "1 warnings"); the Excel download keeps
 * every count in its own column and the time of the import as an Excel date-time.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { historyPageTable } from '../../../src/web/features/data/presenter.ts';
import { tableView } from '../../../src/web/components/tables.ts';
import type { ImportRecord } from '../../../src/store/imports.repository.ts';
import { webTestbed, type Testbed } from '../support.ts';
import { PLANNING_CASE } from './forecast/planningCase.ts';

const LA = '301';

function record(over: Partial<ImportRecord>): ImportRecord {
  return {
    id: 7,
    laCode: LA,
    importedBy: 'analyst@a.test',
    importedAt: '2026-11-23T10:05:09.000Z',
    counts: { inserted: { children: 1, episodes: 12 }, updated: { children: 0, episodes: 3 } },
    issuesSummary: { errors: 0, warnings: 1 },
    cleaningSummary: {},
    acceptedErrors: false,
    files: [{ collectionYear: 2025 }, { collectionYear: 2024 }, { collectionYear: 2025 }],
    ...over,
  } as ImportRecord;
}

test('the page table: seven columns, counts in words with their plurals, one date format', () => {
  const rows = tableView(
    historyPageTable([
      record({}),
      record({ id: 8, issuesSummary: { errors: 2, warnings: 0 }, acceptedErrors: true }),
      record({ id: 9, issuesSummary: { errors: 0, warnings: 0 } }),
    ]),
  ).rows.map((r) => r.map((c) => c.text));
  assert.deepEqual(rows[0], [
    '#7',
    '23 November 2026 at 10:05',
    'analyst@a.test',
    '2024, 2025',
    '1 added, 0 updated',
    '12 added, 3 updated',
    '1 warning',
  ]);
  assert.equal(rows[1]?.[6], '2 errors (accepted)');
  assert.equal(rows[2]?.[6], 'None');
});

describe('import history pages', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed();
    await bed.addUser(LA, 'viewer@a.test', 'viewer', 'Council A');
    await bed.addUser('302', 'viewer@b.test', 'viewer', 'Council B');
    await bed.importCase(LA, PLANNING_CASE);
  });
  after(() => bed.close());

  test('the page and its Excel download; another council is refused', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const page = await viewer.get(paths.data.history.build({ la: LA }));
    assert.equal(page.status, 200);
    assert.match(page.text, />Problems found</);
    assert.match(page.text, /\d added, \d+ updated/);
    assert.match(page.text, /1 June 2024 at 00:00/, 'the import time, written out');
    const xlsx = await viewer.getBytes(paths.data.history.build({ la: LA }, { format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Import history');
    assert.ok(ws);
    assert.deepEqual((ws.getRow(4).values as unknown[]).slice(1), [
      'Import',
      'Imported at (UTC)',
      'By',
      'Collection years',
      'Files',
      'Children added',
      'Children updated',
      'Episodes added',
      'Episodes updated',
      'Errors',
      'Warnings',
      'Errors accepted',
    ]);
    assert.deepEqual(ws.getRow(5).getCell(2).value, new Date('2024-06-01T00:00:00Z'));
    assert.equal(ws.getRow(5).getCell(2).numFmt, 'd mmmm yyyy hh:mm');
    const other = await bed.signedIn('viewer@b.test');
    assert.equal((await other.get(paths.data.history.build({ la: LA }))).status, 403);
  });

  test('a failing service shows the error page', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const original = bed.services.imports.history;
    bed.services.imports.history = async () => {
      throw new Error('database gone');
    };
    try {
      assert.equal((await viewer.get(paths.data.history.build({ la: LA }))).status, 500);
    } finally {
      bed.services.imports.history = original;
    }
  });
});
