/** Number, money and date formatting for pages (and the Nunjucks filters of the same names). */
import { formatWholePounds } from '../../domain/finance/money.ts';
import { formatLongDate, formatLongMonth } from '../../domain/dates.ts';

const INTEGER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const ONE_DP = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 12,345 (whole numbers); blank for null. */
export function formatNumber(n: number | null | undefined, decimals = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  if (decimals === 1) return ONE_DP.format(n);
  if (decimals === 0) return INTEGER.format(n);
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

/** Pence as pounds the way finance writes them: £1,234 and (£1,234) for negatives. */
export function formatPence(pence: number | null | undefined): string {
  if (pence === null || pence === undefined || !Number.isFinite(pence)) return '';
  return formatWholePounds(pence);
}

/** 23 November 2026 from an ISO date or date-time. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? formatLongDate(iso) : '';
}

/** April 2024 from 2024-04 or an ISO date in that month. */
export function formatMonth(iso: string | null | undefined): string {
  return iso ? formatLongMonth(iso) : '';
}

/** 23 November 2026 at 09:41 (UTC) from an ISO date-time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return iso.length >= 16 ? `${formatDate(iso)} at ${iso.slice(11, 16)}` : formatDate(iso);
}

/** A count with its noun in the right number: "1 warning", "2 warnings", "1,234 children". */
export function formatCount(n: number | null | undefined, one: string, many: string): string {
  const v = n ?? 0;
  return `${formatNumber(v)} ${v === 1 ? one : many}`;
}
