/** Records cleaning steps so that nothing is dropped or changed silently. */
import type { CleaningStep } from './types.ts';

const MAX_EXAMPLES = 200;

export class CleaningLog {
  #steps = new Map<string, { description: string; count: number; examples: string[] }>();

  /**
   * Counts one application of the step `kind`, keeping the first examples. The example may be a
   * function, called only while examples are still being kept (cheap on large loads).
   */
  add(kind: string, description: string, example: string | (() => string)): void {
    this.addCount(kind, description, 1, example);
  }

  /** Counts `count` applications of the step `kind` at once, with one example. */
  addCount(kind: string, description: string, count: number, example: string | (() => string)): void {
    let s = this.#steps.get(kind);
    if (s === undefined) {
      s = { description, count: 0, examples: [] };
      this.#steps.set(kind, s);
    }
    s.count += count;
    if (s.examples.length < MAX_EXAMPLES) s.examples.push(typeof example === 'string' ? example : example());
  }

  /** Takes the steps `other` recorded, as if they had been recorded here after those already here. */
  absorb(other: CleaningLog): void {
    for (const [kind, o] of other.#steps) {
      let s = this.#steps.get(kind);
      if (s === undefined) {
        s = { description: o.description, count: 0, examples: [] };
        this.#steps.set(kind, s);
      }
      s.count += o.count;
      for (const example of o.examples) {
        if (s.examples.length >= MAX_EXAMPLES) break;
        s.examples.push(example);
      }
    }
  }

  steps(): CleaningStep[] {
    return [...this.#steps].map(([kind, s]) => ({
      kind,
      description: s.description,
      count: s.count,
      examples: s.examples,
    }));
  }
}
