/**
 * Browser-test helpers: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * an axe-core accessibility check for every page visited (failing on serious or critical
 * violations), and screenshots saved as test artefacts in test-artifacts/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const CHROMIUM = process.env.FORECARE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Why browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined;
  // Why scripts/ensure-chromium.sh (run by npm test) could not install it, when it tried.
  let why = 'scripts/ensure-chromium.sh installs it';
  try {
    why = fs
      .readFileSync(path.resolve(import.meta.dirname, '../../test-artifacts/chromium-install.status'), 'utf8')
      .trim();
  } catch {
    // not tried, or installed since
  }
  return `Chromium not found at ${CHROMIUM}: browser tests skipped (${why})`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface A11yViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
  readonly targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page and throws listing the serious and
 * critical violations. axe is evaluated through the DevTools protocol, so the page's content
 * security policy stays on while it runs.
 */
export async function checkA11y(page: Page, label: string): Promise<A11yViolation[]> {
  // Once per document: a page measured again (at another width) already has it.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // The axe global comes from the evaluated source above.
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      // Every rule still runs on every element; only the violations are gathered in full (axe
      // otherwise builds a selector for each element of every passing rule too, most of its time).
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => String(n.target[0])),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const lines = bad.map((v) => `  ${v.impact} ${v.id}: ${v.help} (${v.nodes} nodes, e.g. ${v.targets.join(', ')})`);
    throw new Error(`Accessibility violations on ${label}:\n${lines.join('\n')}`);
  }
  return violations;
}

/**
 * Saves test-artifacts/screenshots/<name>-top.png (the first screenful, what a person sees on
 * arrival) and <name>.png (the whole page). A whole long page costs about half a second of CPU to
 * capture and encode, so the every-page test, which visits over a hundred page states, passes
 * `wholePage: false` and keeps the whole pages for when FORECARE_FULL_SCREENSHOTS=1 is set.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { readonly wholePage?: boolean } = {},
): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const base = name.replace(/[^A-Za-z0-9_-]+/g, '-');
  const top = path.join(SCREENSHOTS, `${base}-top.png`);
  await page.screenshot({ path: top });
  if (options.wholePage === false && process.env.FORECARE_FULL_SCREENSHOTS !== '1') return top;
  const file = path.join(SCREENSHOTS, `${base}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects console errors and CSP violations, so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  return problems;
}
