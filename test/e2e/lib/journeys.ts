/**
 * How every browser spec runs: one headless Chromium, a fresh browser context
 * (so a fresh sign-in) per journey, a screenshot after each step, and an exit
 * code for run.sh. A journey is one user's steps in order; each step builds on
 * the one before, so the first failure ends its journey and the steps after it
 * count as failed.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where screenshots land (git-ignored). */
export const SCREENSHOTS = join(__dirname, '..', 'screenshots');
/** How long one action or wait may take on a loaded machine. */
export const TIMEOUT = 60_000;
export const VIEWPORT = { width: 1440, height: 1000 };

export interface Step {
  name: string;
  run: (page: Page, context: BrowserContext) => Promise<void>;
}

export interface Journey {
  /** Who walks it (`operator`, `reader`), used in the log and the screenshot names. */
  name: string;
  steps: Step[];
}

export interface SpecOptions {
  /** Runs once the journeys are over, passed or not: puts shared state back for the next spec. */
  cleanUp?: () => Promise<void>;
}

async function runJourney(
  browser: Browser,
  spec: string,
  journey: Journey,
): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  let passed = 0;
  try {
    for (const [index, step] of journey.steps.entries()) {
      const shot = join(
        SCREENSHOTS,
        `${spec}-${journey.name}-${index + 1}.png`,
      );
      try {
        await step.run(page, context);
      } catch (error) {
        console.log(`  ✗ ${journey.name}: ${step.name}\n    ${String(error)}`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        break;
      }
      passed++;
      console.log(`  ✓ ${journey.name}: ${step.name}`);
      await page.screenshot({ path: shot, fullPage: true });
    }
  } finally {
    await context.close();
  }
  return passed;
}

async function runJourneys(
  spec: string,
  journeys: Journey[],
  options: SpecOptions,
): Promise<number> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const total = journeys.reduce((sum, j) => sum + j.steps.length, 0);
  let passed = 0;
  try {
    for (const journey of journeys) {
      passed += await runJourney(browser, spec, journey);
    }
  } finally {
    await options.cleanUp?.().catch(error => {
      console.log(`  (clean-up after ${spec} failed: ${String(error)})`);
    });
    await browser.close();
  }
  const failed = total - passed;
  console.log(`${spec} e2e: ${passed} passed, ${failed} failed`);
  return failed;
}

/** Runs a spec's journeys and exits: 0 when every step passed, 1 otherwise. */
export function runSpec(
  spec: string,
  journeys: Journey[],
  options: SpecOptions = {},
): void {
  runJourneys(spec, journeys, options).then(
    failed => process.exit(failed > 0 ? 1 : 0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
