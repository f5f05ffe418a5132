import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type APIRequestContext, type APIResponse, expect, type Page, test } from '@playwright/test';
import {
  type BitsServerProcess,
  callServe,
  type ServeProcess,
  startBitsServer,
  startServe,
} from './hosts.js';

/**
 * The one setup of the web specs: a temporary folder, the reference BITS server, a real `serve`
 * on a data folder in it, and a page in a browser context of its own (axe-core needs one), made
 * before a spec file's first test and taken down after its last. A file's tests share them, in
 * order (`mode: 'serial'`); the bindings below are that file's, live once its first test runs.
 */
export interface WindowOptions {
  /** Names the temporary folder (`bits-web-<name>-…`). */
  name: string;
  /** The reference server's options (faults, limits). */
  bitsArgs?: string[];
  /** serve's options, given the temporary folder. */
  serveArgs?: (temp: string) => string[];
  /** Runs on the temporary folder before the servers start (a folder for serve to share). */
  prepare?: (temp: string) => void;
  /** The page's viewport; without one, the context's default. */
  viewport?: { width: number; height: number };
  /** Browser permissions granted to serve's origin (clipboard, notifications). */
  permissions?: string[];
  /** Opens serve's page and waits until it says Connected. */
  open?: boolean;
}

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'screenshots');

/** The temporary folder: serve's data folder is `data` in it, the reference server's root `server-root`. */
export let temp: string;
export let bits: BitsServerProcess;
export let serve: ServeProcess;
export let page: Page;
let serveArgs: string[] = [];

export function useWindow(options: WindowOptions): void {
  test.beforeAll(async ({ browser }) => {
    temp = mkdtempSync(join(tmpdir(), `bits-web-${options.name}-`));
    options.prepare?.(temp);
    bits = await startBitsServer(join(temp, 'server-root'), options.bitsArgs);
    serveArgs = options.serveArgs?.(temp) ?? [];
    serve = await startServe(join(temp, 'data'), 0, serveArgs);
    const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : undefined);
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: serve.origin });
    page = await context.newPage();
    if (options.open) {
      await page.goto(serve.url);
      await expect(page.getByText('Connected', { exact: true })).toBeVisible();
    }
  });

  test.afterAll(async () => {
    await page?.context().close();
    await serve?.stop();
    await bits?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });
}

/** A new serve on the same data folder and port as the one that stopped (or was killed). */
export async function restartServe(): Promise<void> {
  serve = await startServe(join(temp, 'data'), serve.port, serveArgs);
}

/** Playwright's untyped JSON, unless a caller names the answer's type. */
type Json = Awaited<ReturnType<APIResponse['json']>>;

/** One channel of this file's serve, as the window calls it; anything but 200 fails the test. */
export function api<T = Json>(request: APIRequestContext, channel: string, body: unknown = {}): Promise<T> {
  return callServe<T>(request, serve, channel, body);
}
