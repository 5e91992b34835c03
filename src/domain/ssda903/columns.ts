/**
 * The columns of the 903 tables Forecare reads. Required columns must be present (a missing one
 * is fatal); optional ones are read when present. Other columns are ignored.
 */
import type { Table903 } from './types.ts';

export const REQUIRED_COLUMNS: Readonly<Record<Table903, readonly string[]>> = {
  header: ['CHILD', 'SEX', 'DOB', 'ETHNIC'],
  episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC'],
  uasc: ['CHILD', 'DOB'],
  oc3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
};

export const OPTIONAL_COLUMNS: Readonly<Record<Table903, readonly string[]>> = {
  header: ['UPN', 'MOTHER', 'MC_DOB'],
  episodes: ['REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN', 'PL_DISTANCE', 'PL_LA'],
  uasc: ['SEX', 'DUC'],
  oc3: [],
};

export const TABLES: readonly Table903[] = ['header', 'episodes', 'uasc', 'oc3'];

/** Normalises a column name as written in a file: trimmed, upper case, BOM removed. */
export function normaliseColumnName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toUpperCase();
}

/**
 * The 903 table a file or sheet name stands for (`2024-episodes`, `Episodes`, `header_2023`,
 * `UASC`, `OC3`), or null for other tables (reviews, oc2, missing, ...).
 */
export function tableFromName(name: string): Table903 | null {
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !/^\d+$/.test(w));
  if (words.length !== 1) return null;
  switch (words[0]) {
    case 'header':
    case 'headers':
      return 'header';
    case 'episode':
    case 'episodes':
      return 'episodes';
    case 'uasc':
      return 'uasc';
    case 'oc3':
      return 'oc3';
    default:
      return null;
  }
}
