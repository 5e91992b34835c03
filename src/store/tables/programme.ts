/**
 * Savings programmes, one row per council and programme. The programme itself is stored as its
 * validated file form (JSON, amounts in pounds, see docs/programme-file.md) so that what is saved
 * is exactly what a person can export, edit and re-import.
 */
export interface ProgrammesTable {
  la_code: string;
  /** Short key, unique within the council (e.g. `childrens-savings-2025`). */
  programme_id: string;
  name: string;
  /** The programme file as JSON. */
  document: string;
  /** ISO date-time of the last save. */
  updated_at: string;
  updated_by: string | null;
}

export interface ProgrammeTables {
  programmes: ProgrammesTable;
}
