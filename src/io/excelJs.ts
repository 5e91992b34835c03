/**
 * ExcelJS, loaded the first time a workbook is read or written rather than when the program
 * starts: it is one of the largest modules the web app and the CLI import (about a tenth of the
 * web app's start-up), and most requests and commands never touch a workbook.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);
let loaded: typeof ExcelJS | undefined;

/** The ExcelJS module (its default export, as `import ExcelJS from 'exceljs'` gives). */
export function excelJs(): typeof ExcelJS {
  return (loaded ??= require('exceljs') as typeof ExcelJS);
}

/**
 * Whether `err` is ExcelJS's streaming reader losing the workbook part (exceljs issue 3064): its
 * single pass through the zip sometimes reaches the worksheets before `xl/workbook.xml` has been
 * delivered (ExcelJS writes that part last, so Forecare's own downloads are the files most often
 * hit) and throws reading `this.model.sheets`, before it has handed over any row. Reading the
 * same file again normally succeeds.
 */
export function isWorkbookPartRace(err: unknown): boolean {
  return err instanceof TypeError && err.message.includes("reading 'sheets'");
}

/** Reads again (at most `attempts` in all) while `read` fails with isWorkbookPartRace. */
export async function retryWorkbookPartRace<T>(read: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= attempts || !isWorkbookPartRace(err)) throw err;
    }
  }
}
