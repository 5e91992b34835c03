/**
 * Post-care lines (special guardianship and adoption allowances, Staying Put, care leavers): the
 * council's settings over Forecare's defaults, and the stock of children funded after care counted
 * from the returns. The use cases behind `forecare stock --post-care`, `forecare costs post-care`
 * and the Costs page's post-care section. See src/domain/finance/postCare.ts.
 */
import { parseDate, type IsoDate } from '../domain/dates.ts';
import { poundsToPence } from '../domain/finance/money.ts';
import {
  DEFAULT_POST_CARE,
  isPostCareLine,
  lineIntervals,
  MAX_END_AGE,
  MIN_END_AGE,
  POST_CARE_LINES,
  postCareSettings,
  postCareStockOn,
  type PostCareLine,
  type PostCareLineSettings,
  type PostCareSettings,
} from '../domain/finance/postCare.ts';
import type { Db } from '../store/database.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { deletePostCareLine, listPostCareLines, upsertPostCareLine } from '../store/postCare.repository.ts';

/** A bad post-care setting, naming the field. */
export class PostCareInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'PostCareInputError';
    this.field = field;
  }
}

/** The settings in force: the council's own, the defaults for the rest. */
export async function getPostCareSettings(db: Db, laCode: string): Promise<PostCareSettings> {
  return postCareSettings(await listPostCareLines(db, laCode));
}

export interface PostCareLineView extends PostCareLineSettings {
  /** True while Forecare's default applies (the council has not set the line). */
  readonly isDefault: boolean;
}

/** Every line with its settings and whether they are the default. */
export async function listPostCareSettings(db: Db, laCode: string): Promise<PostCareLineView[]> {
  const own = new Map((await listPostCareLines(db, laCode)).map((r) => [r.line, r]));
  return POST_CARE_LINES.map((line) => {
    const row = own.get(line);
    return row ? { ...row, isDefault: false } : { ...DEFAULT_POST_CARE[line], isDefault: true };
  });
}

export interface PostCareLineInput {
  readonly line: string;
  /** Pounds a week; unset keeps the line's current value. */
  readonly weeklyPounds?: number;
  readonly priceYear?: number;
  readonly source?: string;
  /** Percentage (60 = 60%); unset keeps the current value. */
  readonly takeUpPercent?: number;
  readonly takeUpSource?: string;
  readonly endAge?: number;
}

/**
 * Sets a line (what is not given keeps the value in force, default or the council's); returns the
 * saved settings. A changed amount without a new source is marked "Entered by the council".
 */
export async function setPostCareLine(db: Db, laCode: string, input: PostCareLineInput): Promise<PostCareLineSettings> {
  if (!isPostCareLine(input.line))
    throw new PostCareInputError('line', `line "${input.line}" is not one of ${POST_CARE_LINES.join(', ')}`);
  const line: PostCareLine = input.line;
  const current = (await getPostCareSettings(db, laCode))[line];
  if (
    input.weeklyPounds !== undefined &&
    (!Number.isFinite(input.weeklyPounds) || input.weeklyPounds < 0 || input.weeklyPounds > 10_000)
  )
    throw new PostCareInputError(
      'weeklyPounds',
      `the weekly cost must be an amount in pounds from 0 to 10,000, not ${input.weeklyPounds}`,
    );
  if (
    input.priceYear !== undefined &&
    (!Number.isInteger(input.priceYear) || input.priceYear < 1990 || input.priceYear > 2100)
  )
    throw new PostCareInputError(
      'priceYear',
      `the price year must be the start year of a financial year (2025 for 2025/26), not ${input.priceYear}`,
    );
  if (
    input.takeUpPercent !== undefined &&
    (!Number.isFinite(input.takeUpPercent) || input.takeUpPercent < 0 || input.takeUpPercent > 100)
  )
    throw new PostCareInputError(
      'takeUpPercent',
      `the take-up must be a percentage from 0 to 100, not ${input.takeUpPercent}`,
    );
  if (
    input.endAge !== undefined &&
    (!Number.isInteger(input.endAge) || input.endAge < MIN_END_AGE[line] || input.endAge > MAX_END_AGE)
  )
    throw new PostCareInputError(
      'endAge',
      `the end age of ${line} must be a whole number of years from ${MIN_END_AGE[line]} to ${MAX_END_AGE}, not ${input.endAge}`,
    );
  for (const [field, text] of [
    ['source', input.source],
    ['takeUpSource', input.takeUpSource],
  ] as const) {
    if (text !== undefined && text.trim().length > 300)
      throw new PostCareInputError(field, 'a source note must be 300 characters or fewer');
  }
  const amountChanged = input.weeklyPounds !== undefined || input.priceYear !== undefined;
  const takeUpChanged = input.takeUpPercent !== undefined;
  const saved: PostCareLineSettings = {
    line,
    weeklyPence: input.weeklyPounds === undefined ? current.weeklyPence : poundsToPence(input.weeklyPounds),
    priceYear: input.priceYear ?? current.priceYear,
    source: input.source?.trim() || (amountChanged ? 'Entered by the council' : current.source),
    takeUp: input.takeUpPercent === undefined ? current.takeUp : Number((input.takeUpPercent / 100).toFixed(6)),
    takeUpSource: input.takeUpSource?.trim() || (takeUpChanged ? 'Entered by the council' : current.takeUpSource),
    endAge: input.endAge ?? current.endAge,
  };
  await upsertPostCareLine(db, laCode, saved);
  return saved;
}

/** Back to Forecare's default for the line; whether the council had set it. */
export async function resetPostCareLine(db: Db, laCode: string, line: string): Promise<boolean> {
  if (!isPostCareLine(line))
    throw new PostCareInputError('line', `line "${line}" is not one of ${POST_CARE_LINES.join(', ')}`);
  return deletePostCareLine(db, laCode, line);
}

export interface PostCareStock {
  readonly date: IsoDate;
  /** Children in each line on the date, before any take-up share. */
  readonly byLine: Readonly<Record<PostCareLine, number>>;
}

/** Children funded after care on `date`, counted from the returns (before take-up). */
export async function postCareStockAt(db: Db, laCode: string, date: IsoDate): Promise<PostCareStock> {
  const day = parseDate(date);
  if (day === null) throw new PostCareInputError('date', `"${date}" is not a date (YYYY-MM-DD)`);
  const [data, settings] = await Promise.all([loadCaseData(db, laCode), getPostCareSettings(db, laCode)]);
  return { date: day, byLine: postCareStockOn(lineIntervals(data, settings), day) };
}
