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
