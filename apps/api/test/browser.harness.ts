import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's chromium driven by playwright-core (no browser download): headless, and without the
 * sandbox when running as root, where chromium refuses to start with it.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** With SCB_SCREENSHOTS=<dir> (npm run docs:screenshots) a test saves what it shows there. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCB_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on what the page shows now (WCAG 2.x A/AA and
 * best practices). The script is evaluated through the DevTools protocol, so a Content Security
 * Policy that refuses inline scripts does not stop it.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    type Run = () => Promise<{
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[] }>;
      }>;
    }>;
    const result = await (globalThis as unknown as { axe: { run: Run } }).axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
