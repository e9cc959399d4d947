/**
 * A real headless browser for the journeys: Debian's Chromium through playwright-core (no browser
 * download), and axe-core's audit of each page. Without /usr/bin/chromium the suites are skipped and
 * say why (as the Redis suites are skipped without Redis); `.ci/run` installs it.
 */
import { describe } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../scripts/chromium.js';

export { CHROMIUM, CHROMIUM_ARGS };

const missing = !existsSync(CHROMIUM);
if (missing)
  process.stderr.write(
    `browser journeys skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)\n`,
  );

/** `describe` for a suite that needs the browser; skipped, with its reason in the name, without one. */
export const describeWithBrowser = (name: string, fn: () => void) =>
  missing ? describe.skip(`${name} [skipped: ${CHROMIUM} is missing]`, fn) : describe(name, fn);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The serious and critical accessibility violations axe-core finds on the page, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${page.url()}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
