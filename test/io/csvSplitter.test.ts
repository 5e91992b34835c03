/**
 * CsvSplitter (the CSV reader's record splitter): records as csv-parse reads them, whatever the
 * pieces the text arrives in, with the line each ends on; strict about quotes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvSplitter, CsvSyntaxError } from '../../src/io/readCsv.ts';

function split(pieces: readonly string[], maxRecord?: number): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const s = new CsvSplitter((fields, line) => out.push({ fields, line }), maxRecord);
  for (const p of pieces) s.push(p);
  s.end();
  return out;
}

function quoteField(f: string): string {
  return /[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f;
}

describe('CsvSplitter', () => {
  test('plain rows with LF, CRLF and CR line ends; empty lines skipped but counted', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['A,B,C', '1,2,3', '', '4,,6', ''].join(eol);
      assert.deepEqual(split([text]), [
        { fields: ['A', 'B', 'C'], line: 1 },
        { fields: ['1', '2', '3'], line: 2 },
        { fields: ['4', '', '6'], line: 4 },
      ], JSON.stringify(eol));
    }
  });

  test('quoted fields hold commas, doubled quotes and line breaks; the line is where the record ends', () => {
    const text = 'A,B\n"x, y","say ""hi"""\n"two\nlines",z\nlast,"q"';
    assert.deepEqual(split([text]), [
      { fields: ['A', 'B'], line: 1 },
      { fields: ['x, y', 'say "hi"'], line: 2 },
      { fields: ['two\nlines', 'z'], line: 4 },
      { fields: ['last', 'q'], line: 5 },
    ]);
  });

  test('a quote inside an unquoted field, text after a closing quote, and a quote never closed are errors', () => {
    for (const [text, kind, line] of [
      ['A,B\n1,a"b\n', 'bad-quote', 2],
      ['A,B\n"a"b,1\n', 'bad-quote', 2],
      ['A,B\n1,2\n3,"open\n\n', 'quote-not-closed', 3],
    ] as const) {
      assert.throws(() => split([text]), (e: unknown) => e instanceof CsvSyntaxError && e.kind === kind && e.line === line, text);
    }
  });

  test('a record longer than the limit is an error, with or without line breaks', () => {
    assert.throws(() => split(['A\n', 'x'.repeat(50), 'y'.repeat(50)], 64), (e: unknown) => e instanceof CsvSyntaxError && e.kind === 'record-too-long');
    assert.throws(() => split([`A\n${'x'.repeat(100)}\n`], 64), (e: unknown) => e instanceof CsvSyntaxError && e.kind === 'record-too-long');
    assert.throws(() => split(['A\n"', 'x\n'.repeat(50)], 64), (e: unknown) => e instanceof CsvSyntaxError && e.kind === 'record-too-long');
  });

  test('property: any table, cut into any pieces, reads as csv-parse reads it whole', () => {
    const field = fc.oneof(fc.constantFrom('', 'S', 'PR1', '01/06/2023', 'a,b', 'say "x"', 'two\nlines', ' pad '), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 6 }),
        (table, eol, cuts) => {
          const text = table.map((r) => r.map(quoteField).join(',')).join(eol) + eol;
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let from = 0;
          for (const c of at) {
            pieces.push(text.slice(from, c));
            from = c;
          }
          pieces.push(text.slice(from));
          const expected = (parse(text, { skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[])
            .map((r) => ({ fields: r.record, line: r.info.lines }));
          assert.deepEqual(split(pieces), expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
