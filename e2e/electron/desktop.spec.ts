import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test';
import { electronPath, electronSkipReason, ROOT } from './electron-binary-check.js';

/*
 * The desktop shell end to end (architecture.md, "Testing"): launch, one window, the guards,
 * jobs surviving a relaunch. Skips itself, saying why, where no Electron binary exists.
 */
const skipReason = electronSkipReason();
test.skip(skipReason !== undefined, skipReason ?? '');
// The list reporter does not print skip reasons: say it once on the terminal.
if (skipReason !== undefined) console.warn(`[electron e2e] skipped: ${skipReason}`);

let dataDir: string;
test.beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bits-electron-e2e-'));
});
test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function launch(): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: electronPath(),
    args: [ROOT],
    env: { ...process.env, BITS_UPLOADER_DATA_DIR: dataDir, BITS_UPLOADER_DEV_SERVER_URL: '' },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

test('opens one window on app:// with the strict CSP', async () => {
  const { app, page } = await launch();
  try {
    expect(page.url()).toMatch(/^app:\/\/bits-uploader\//);
    expect(app.windows()).toHaveLength(1);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // The page's own origin answers with the strict CSP header (app-csp.ts).
    const csp = await page.evaluate(() =>
      fetch('app://bits-uploader/index.html').then((response) =>
        response.headers.get('content-security-policy'),
      ),
    );
    expect(csp).toContain("default-src 'none'");
  } finally {
    await app.close();
  }
});

test('the guards hold: no Node, no navigation, no new windows, only the bridge', async () => {
  const { app, page } = await launch();
  try {
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as unknown as { bitsUploader: object }).bitsUploader).sort(),
    }));
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: ['invoke', 'pathForFile', 'subscribe'],
    });
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null,
      ),
    ).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'file:///etc/passwd';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/bits-uploader\//);
    expect(app.windows()).toHaveLength(1);
    const refused = await page.evaluate(() =>
      (
        globalThis as unknown as { bitsUploader: { invoke(c: string, p: unknown): Promise<unknown> } }
      ).bitsUploader
        .invoke('fs:read', {})
        .catch((error: { code: string }) => error.code),
    );
    expect(refused).toBe('unknown-channel');
    const permission = await page.evaluate(() =>
      (
        globalThis as unknown as {
          navigator: { mediaDevices?: { getUserMedia(c: object): Promise<unknown> } };
        }
      ).navigator.mediaDevices
        ?.getUserMedia({ audio: true })
        .then(
          () => 'granted',
          () => 'denied',
        ),
    );
    expect(permission ?? 'denied').toBe('denied');
  } finally {
    await app.close();
  }
});

test('jobs persist across a relaunch', async () => {
  const file = path.join(dataDir, 'dump.bin');
  writeFileSync(file, 'crash dump');
  const first = await launch();
  const added = await first.page.evaluate(
    (filePath) =>
      (
        globalThis as unknown as { bitsUploader: { invoke(c: string, p: unknown): Promise<{ id: string }> } }
      ).bitsUploader.invoke('jobs:add', { filePath, url: 'http://127.0.0.1:9/up/dump.bin', suspended: true }),
    file,
  );
  await first.app.close();
  const second = await launch();
  try {
    const list = await second.page.evaluate(() =>
      (
        globalThis as unknown as {
          bitsUploader: {
            invoke(c: string, p: unknown): Promise<{ jobs: Array<{ id: string; state: string }> }>;
          };
        }
      ).bitsUploader.invoke('jobs:list', {}),
    );
    expect(list.jobs).toEqual([expect.objectContaining({ id: added.id, state: 'suspended' })]);
  } finally {
    await second.app.close();
  }
});
