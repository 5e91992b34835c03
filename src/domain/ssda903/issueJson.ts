import type { Issue } from './types.ts';

/** A problem as `--json` prints it (the 903's `validate` and the CIN census's `cin validate`). */
export interface IssueJson {
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly rule: string;
  readonly message: string;
  readonly severity: Issue['severity'];
  readonly fatal: boolean;
  readonly childId: string | null;
}

export function issueJson(i: Issue): IssueJson {
  return {
    file: i.file,
    row: i.row,
    column: i.column,
    rule: i.rule,
    message: i.message,
    severity: i.severity,
    fatal: i.fatal,
    childId: i.childId ?? null,
  };
}

/** Errors and warnings apart, each in the order found. */
export function issuesJson(issues: readonly Issue[]): { errors: IssueJson[]; warnings: IssueJson[] } {
  return {
    errors: issues.filter((i) => i.severity === 'error').map(issueJson),
    warnings: issues.filter((i) => i.severity === 'warning').map(issueJson),
  };
}
