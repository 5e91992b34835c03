/**
 * Reading a scenario file: YAML (.yaml, .yml) or JSON (.json), then validated by the domain
 * (src/domain/scenarios/validate.ts). Any problem is a ScenarioValidationError naming the file and,
 * for syntax errors, the line; for content errors, the adjustment and field.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { Scenario } from '../domain/scenarios/scenario.ts';
import { parseScenario, scenarioToPlain, ScenarioValidationError } from '../domain/scenarios/validate.ts';

/** Largest scenario file read (a scenario is a few dozen lines). */
const MAX_BYTES = 1024 * 1024;

/** Parses scenario text; `name` is the file name used in errors. */
export function parseScenarioText(text: string, name: string): Scenario {
  let raw: unknown;
  if (name.toLowerCase().endsWith('.json')) {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ScenarioValidationError(name, [
        {
          adjustment: null,
          kind: null,
          field: '(file)',
          message: `is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
        },
      ]);
    }
  } else {
    const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0]?.line;
      throw new ScenarioValidationError(name, [
        {
          adjustment: null,
          kind: null,
          field: '(file)',
          message: `is not valid YAML${line ? ` at line ${line}` : ''}: ${first.message.split('\n')[0]}`,
        },
      ]);
    }
    try {
      // Aliases are expanded at most 100 times: an alias bomb (aliases of aliases) is refused, not expanded.
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw new ScenarioValidationError(name, [
        {
          adjustment: null,
          kind: null,
          field: '(file)',
          message: `is not valid YAML: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`,
        },
      ]);
    }
  }
  return parseScenario(raw, name);
}

/** Reads and validates the scenario file at `file`. */
export async function readScenarioFile(file: string): Promise<Scenario> {
  const name = path.basename(file);
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code);
    throw new ScenarioValidationError(name, [
      { adjustment: null, kind: null, field: '(file)', message: `cannot be read (${why})` },
    ]);
  }
  if (buffer.length > MAX_BYTES) {
    throw new ScenarioValidationError(name, [
      {
        adjustment: null,
        kind: null,
        field: '(file)',
        message: `is ${buffer.length} bytes; a scenario file is expected to be under ${MAX_BYTES}`,
      },
    ]);
  }
  return parseScenarioText(buffer.toString('utf8'), name);
}

/** The scenario as YAML, money in pounds: what `scenario show` prints and a file can be made from. */
export function scenarioToYaml(scenario: Scenario): string {
  return YAML.stringify(scenarioToPlain(scenario));
}
