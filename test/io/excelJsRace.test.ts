/** ExcelJS's streaming reader sometimes loses the workbook part (exceljs issue 3064): read again. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWorkbookPartRace, retryWorkbookPartRace } from '../../src/io/excelJs.ts';

const race = () => new TypeError("Cannot read properties of undefined (reading 'sheets')");

test('the lost workbook part is read again, at most three times in all', async () => {
  let calls = 0;
  const rows = await retryWorkbookPartRace(async () => {
    calls++;
    if (calls < 3) throw race();
    return ['header', 'row'];
  });
  assert.deepEqual(rows, ['header', 'row']);
  assert.equal(calls, 3);

  let always = 0;
  await assert.rejects(
    retryWorkbookPartRace(async () => {
      always++;
      throw race();
    }),
    /reading 'sheets'/,
  );
  assert.equal(always, 3);
});

test('any other failure is not read again', async () => {
  let calls = 0;
  await assert.rejects(
    retryWorkbookPartRace(async () => {
      calls++;
      throw new Error('invalid signature: 0x4034b50');
    }),
    /invalid signature/,
  );
  assert.equal(calls, 1);
  assert.equal(isWorkbookPartRace(race()), true);
  assert.equal(isWorkbookPartRace(new Error("reading 'sheets'")), false);
});
