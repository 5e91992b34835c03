/**
 * A large 903 workbook for tests and benches of the Excel reader: sheets `header` and `episodes`
 * of a 2024 return, `children` children with `episodesPerChild` episodes each (one after another,
 * the last open), written with ExcelJS's streaming writer (shared strings, as Excel saves them)
 * so that writing it does not need the memory that reading it whole would.
 */
import ExcelJS from 'exceljs';

export async function writeBigWorkbook(file: string, children: number, episodesPerChild = 1): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const header = book.addWorksheet('header');
  header.addRow(['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN']).commit();
  for (let c = 0; c < children; c++) {
    header.addRow([`C${100000 + c}`, 1 + (c % 2), '01/05/2010', 'WBRI', `A${String(c).padStart(12, '0')}`]).commit();
  }
  header.commit();
  const episodes = book.addWorksheet('episodes');
  episodes.addRow(['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC']).commit();
  for (let c = 0; c < children; c++) {
    for (let e = 0; e < episodesPerChild; e++) {
      const start = `${String(1 + e).padStart(2, '0')}/06/2023`;
      const last = e === episodesPerChild - 1;
      episodes
        .addRow([
          `C${100000 + c}`,
          start,
          e === 0 ? 'S' : 'P',
          'C2',
          'N1',
          'U1',
          'PR1',
          last ? '' : `${String(2 + e).padStart(2, '0')}/06/2023`,
          last ? '' : 'X1',
        ])
        .commit();
    }
  }
  episodes.commit();
  await book.commit();
}
