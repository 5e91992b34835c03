/**
 * The dates a council's imported returns cover (src/domain/dataRange.ts says how they are read).
 */
import { dataRangeOfYears, type DataRange } from '../domain/dataRange.ts';
import type { Db } from '../store/database.ts';
import { listImports } from '../store/imports.repository.ts';

export { outsideData, type DataRange } from '../domain/dataRange.ts';

/** The dates council `laCode`'s imported returns cover (null before any import). */
export async function councilDataRange(db: Db, laCode: string): Promise<DataRange | null> {
  const imports = await listImports(db, laCode);
  return dataRangeOfYears(imports.flatMap((i) => i.files.map((f) => f.collectionYear)));
}
