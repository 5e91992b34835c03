/**
 * Collecting a return's problems against a catalogue of rules: the 903's (IssueSink,
 * src/domain/ssda903/rules.ts) and the children in need census's (CinIssueSink,
 * src/domain/cin/rules.ts) are this, each with its own rules. Every issue is counted; at most
 * `limitPerRule` of each rule are kept, and a closing issue per rule says how many more there were,
 * so a file with a million bad rows cannot exhaust memory while the report still says how big the
 * problem is.
 */
import type { Place, RuleInfo } from './ssda903/rules.ts';
import type { Issue } from './ssda903/types.ts';

/** The issue of rule `rule` (described by `info`) at `place`. */
export function issueOf(info: RuleInfo, rule: string, place: Place, message: string, childId?: string): Issue {
  const base = {
    severity: info.severity,
    fatal: info.fatal,
    file: place.file,
    row: place.row,
    column: place.column,
    rule,
    message,
  };
  return childId === undefined ? base : { ...base, childId };
}

/** A sink's contents as plain data (to hand to another thread). */
export interface IssueSinkState {
  readonly limitPerRule: number;
  readonly issues: readonly Issue[];
  readonly counts: readonly (readonly [string, number])[];
  readonly fatal: boolean;
}

export class RuleIssueSink<Id extends string> {
  readonly issues: Issue[] = [];
  readonly counts = new Map<string, number>();
  readonly limitPerRule: number;
  readonly #rules: Readonly<Record<Id, RuleInfo>>;
  #fatal = false;

  constructor(rules: Readonly<Record<Id, RuleInfo>>, limitPerRule = 5000) {
    this.#rules = rules;
    this.limitPerRule = limitPerRule;
  }

  add(rule: Id, place: Place, message: string, childId?: string): void {
    const info = this.#rules[rule];
    const n = this.#count(rule, info.fatal);
    if (n <= this.limitPerRule) this.issues.push(issueOf(info, rule, place, message, childId));
  }

  /** Takes issues found by another reader (a CSV table's file problems, under the 903's rules). */
  addIssues(issues: readonly Issue[]): void {
    for (const i of issues) this.#push(i);
  }

  /**
   * Takes the issues `other` collected, in its order, as if they had been added here one by one
   * (counts included: those `other` did not keep are counted here too). `other` must keep at
   * least as many issues per rule as this sink.
   */
  absorb(other: RuleIssueSink<string>): void {
    if (other.limitPerRule < this.limitPerRule) throw new Error('absorb: the other sink keeps fewer issues per rule');
    const kept = new Map<string, number>();
    for (const i of other.issues) {
      this.#push(i);
      kept.set(i.rule, (kept.get(i.rule) ?? 0) + 1);
    }
    for (const [rule, n] of other.counts) {
      const more = n - (kept.get(rule) ?? 0);
      if (more > 0) this.counts.set(rule, (this.counts.get(rule) ?? 0) + more);
    }
    if (other.hasFatal) this.#fatal = true;
  }

  /** What the sink holds, as plain data; `restoreState` on an empty sink makes it hold that again. */
  snapshot(): IssueSinkState {
    return { limitPerRule: this.limitPerRule, issues: this.issues, counts: [...this.counts], fatal: this.#fatal };
  }

  /** Fills this sink (new, with the state's limit) with what `state` (a snapshot) held. */
  protected restoreState(state: IssueSinkState): void {
    for (const i of state.issues) this.issues.push(i);
    for (const [rule, n] of state.counts) this.counts.set(rule, n);
    this.#fatal = state.fatal;
  }

  get hasFatal(): boolean {
    return this.#fatal;
  }

  /** The issues, with one summary issue per rule that went over the limit. */
  finish(): Issue[] {
    const out = [...this.issues];
    for (const [rule, n] of this.counts) {
      if (n <= this.limitPerRule) continue;
      // A rule of another catalogue (issues taken by addIssues) is summed up as an error.
      const info: RuleInfo = (this.#rules as Readonly<Record<string, RuleInfo>>)[rule] ?? {
        severity: 'error',
        fatal: false,
        title: rule,
      };
      out.push(
        issueOf(
          info,
          rule,
          { file: '(all files)', row: null, column: null },
          `${n - this.limitPerRule} more problems of this kind (${info.title.toLowerCase()}) were found; only the first ${this.limitPerRule} are listed.`,
        ),
      );
    }
    return out;
  }

  #push(i: Issue): void {
    if (this.#count(i.rule, i.fatal) <= this.limitPerRule) this.issues.push(i);
  }

  /** Counts one more issue of `rule`; returns how many there are now. */
  #count(rule: string, fatal: boolean): number {
    const n = (this.counts.get(rule) ?? 0) + 1;
    this.counts.set(rule, n);
    if (fatal) this.#fatal = true;
    return n;
  }
}
