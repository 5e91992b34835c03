/**
 * `forecare validate PATHS... [--json]`: reads 903 returns, merges the years and reports every
 * problem, grouped by rule. Exit status 1 when there are errors.
 */
import type { Command } from 'commander';
import { RULES, type RuleId } from '../../domain/ssda903/rules.ts';
import type { Issue, LoadResult } from '../../domain/ssda903/types.ts';
import { printJson } from '../cliError.ts';
import { issuesJson } from '../../domain/ssda903/issueJson.ts';

const EXAMPLES_PER_RULE = 3;

/** The machine-readable result: the shape `--json` prints. */
export function validationJson(result: LoadResult): {
  errors: unknown[];
  warnings: unknown[];
  children: number;
  episodes: number;
} {
  return {
    ...issuesJson(result.issues),
    children: result.children.length,
    episodes: result.episodes.length,
  };
}

function where(i: Issue): string {
  return [i.file, i.row !== null ? `row ${i.row}` : null, i.column].filter((x) => x !== null).join(', ');
}

/** The human report: a summary, then each rule with its count and first examples. */
export function validationReport(result: LoadResult): string {
  const lines: string[] = [];
  const errors = result.issues.filter((i) => i.severity === 'error');
  const warnings = result.issues.filter((i) => i.severity === 'warning');
  const years = [...new Set(result.files.map((f) => f.collectionYear))].sort();
  lines.push(
    `Read ${result.files.length} files (${result.files.reduce((n, f) => n + f.rows, 0)} rows) for collection years ${years.join(', ') || 'none'}.`,
  );
  lines.push(`${result.children.length} children and ${result.episodes.length} episodes after merging the years.`);
  lines.push(
    `${errors.length} errors${errors.some((i) => i.fatal) ? ` (${errors.filter((i) => i.fatal).length} fatal: the data cannot be imported)` : ''}, ${warnings.length} warnings.`,
  );

  const groups = new Map<string, Issue[]>();
  for (const i of result.issues) {
    const g = groups.get(i.rule);
    if (g === undefined) groups.set(i.rule, [i]);
    else g.push(i);
  }
  const ordered = [...groups].sort(
    ([, a], [, b]) =>
      (a[0]!.fatal === b[0]!.fatal ? 0 : a[0]!.fatal ? -1 : 1) ||
      (a[0]!.severity === b[0]!.severity ? 0 : a[0]!.severity === 'error' ? -1 : 1) ||
      b.length - a.length,
  );
  for (const [rule, list] of ordered) {
    const first = list[0]!;
    const title = rule in RULES ? RULES[rule as RuleId].title : rule;
    const label = first.fatal ? 'FATAL' : first.severity === 'error' ? 'ERROR' : 'WARNING';
    lines.push('');
    lines.push(`${label} ${rule}: ${title} (${list.length})`);
    for (const i of list.slice(0, EXAMPLES_PER_RULE)) lines.push(`  - ${where(i)}: ${i.message}`);
    if (list.length > EXAMPLES_PER_RULE) lines.push(`  ... and ${list.length - EXAMPLES_PER_RULE} more`);
  }
  if (result.cleaning.length > 0) {
    lines.push('');
    lines.push('Cleaning steps applied when merging:');
    for (const c of result.cleaning)
      lines.push(`  ${c.count} x ${c.description}${c.examples[0] ? ` (e.g. ${c.examples[0]})` : ''}`);
  }
  if (errors.length === 0 && warnings.length === 0) lines.push('', 'No problems found.');
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('Check SSDA903 returns (folders or CSV/Excel files) and explain every problem')
    .argument('<paths...>', 'folders of returns (2024/episodes.csv or 2024-episodes.csv) or files')
    .option('--json', 'print {"errors","warnings","children","episodes"} as JSON')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const { load903 } = await import('../../io/load903.ts');
      const result = await load903(paths);
      if (opts.json) printJson(validationJson(result));
      else process.stdout.write(`${validationReport(result)}\n`);
      if (result.issues.some((i) => i.severity === 'error')) process.exitCode = 1;
    });
}
