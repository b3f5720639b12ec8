import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@scb/auth';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { seedUser } from '../builders/auth.seeder';

// playwright-core and axe-core are loaded when a browser spec asks for them, so a spec that
// imports `@scb/testing` for a builder does not load them.

/**
 * Debian's chromium driven by playwright-core (no browser download): headless, and without the
 * sandbox when running as root, where chromium refuses to start with it.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
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
  const { default: axe } = await import('axe-core');
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

/** A page's size in CSS pixels and colour scheme. */
export interface PageLook {
  width?: number;
  height?: number;
  dark?: boolean;
}

/**
 * One headless chromium showing the console of one running api, each page a fresh browser
 * context (own cookies) signed in as a new user. `start` once the api listens (beforeAll),
 * `closePages` after each test, `stop` last (afterAll; safe when `start` never ran).
 */
export class ConsoleBrowser {
  private browser: Browser | null = null;
  private target: { baseUrl: string; dataSource: DataSource } | null = null;
  private readonly pages: Page[] = [];

  /** `size`: every page's size unless it asks for its own. */
  constructor(private readonly size: { width: number; height: number }) {}

  /** Launches chromium for the api at `baseUrl` (`http://127.0.0.1:<port>`) on `dataSource`. */
  async start(target: { baseUrl: string; dataSource: DataSource }): Promise<void> {
    this.target = target;
    this.browser = await launchChromium();
  }

  /** A blank page (not signed in), closed by `closePages`. */
  async newPage(look: PageLook = {}): Promise<Page> {
    if (!this.browser) throw new Error('ConsoleBrowser: not started');
    const page = await this.browser.newPage({
      viewport: { width: look.width ?? this.size.width, height: look.height ?? this.size.height },
      colorScheme: look.dark ? 'dark' : 'light',
    });
    this.pages.push(page);
    return page;
  }

  /**
   * Signs a new user of `role` (linked to `agentId` when given) in through the login form the
   * page shows; does not wait for what follows.
   */
  async logIn(page: Page, role: Role, agentId?: string): Promise<void> {
    const { user, password } = await seedUser(this.started().dataSource, { role, agentId });
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  /** A fresh page at `path` signed in through the login page as a new user of `role`. */
  async open(
    path: string,
    role: Role,
    options: PageLook & { agentId?: string } = {},
  ): Promise<Page> {
    const page = await this.newPage(options);
    await page.goto(`${this.started().baseUrl}${path}`);
    await this.logIn(page, role, options.agentId);
    await page.getByTestId('who').getByText(`· ${role}`).waitFor();
    return page;
  }

  async closePages(): Promise<void> {
    await Promise.all(this.pages.splice(0).map((p) => p.close()));
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    this.browser = null;
  }

  private started() {
    if (!this.target) throw new Error('ConsoleBrowser: not started');
    return this.target;
  }
}
