/**
 * Exact birthdays for a range of dates of birth, precomputed once per projection so that entrants
 * drawn with an age in days age on their real birthdays (29 February birthdays fall on 1 March in
 * other years, as addYears does).
 */
const MS_PER_DAY = 86_400_000;

export class BirthdayTable {
  readonly firstDob: number;
  readonly count: number;
  /** Ages (years) of each boundary: band minAges after the first band, then 18. */
  readonly ages: readonly number[];
  /** [dob - firstDob][boundary] day number. */
  readonly days: Int32Array;

  constructor(firstDob: number, lastDob: number, ages: readonly number[]) {
    this.firstDob = firstDob;
    this.count = Math.max(0, lastDob - firstDob + 1);
    this.ages = ages;
    const w = ages.length;
    this.days = new Int32Array(this.count * w);
    for (let i = 0; i < this.count; i++) {
      const dt = new Date((firstDob + i) * MS_PER_DAY);
      const y = dt.getUTCFullYear();
      const m = dt.getUTCMonth();
      const d = dt.getUTCDate();
      for (let j = 0; j < w; j++) {
        // Date.UTC rolls 29 February of a non-leap year over to 1 March.
        this.days[i * w + j] = Math.round(Date.UTC(y + (ages[j] as number), m, d) / MS_PER_DAY);
      }
    }
  }

  /** Day number of boundary `j` for a child born on day `dob` (must be inside the table). */
  boundary(dob: number, j: number): number {
    return this.days[(dob - this.firstDob) * this.ages.length + j] as number;
  }

  has(dob: number): boolean {
    return dob >= this.firstDob && dob < this.firstDob + this.count;
  }
}
