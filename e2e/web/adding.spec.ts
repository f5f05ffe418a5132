import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { dragFiles, patternBytes, row } from './support/page-helpers.js';
import { bits, page, SCREENSHOTS, serve, temp, useWindow } from './support/window.js';

/**
 * Adding work (issue 7) against a real `serve` and the reference BITS server: files and a
 * folder dropped on the window, staged, uploaded byte-identical under their relative paths;
 * the destination bar's Test on a good and a wrong destination.
 */
test.describe.configure({ mode: 'serial' });

useWindow({
  name: 'adding',
  // One shared folder: the host file browser starts there and cannot leave it.
  prepare: (temp) => mkdirSync(join(temp, 'outbox', 'reports', 'q3'), { recursive: true }),
  serveArgs: (temp) => ['--allow-folder', join(temp, 'outbox')],
  viewport: { width: 1400, height: 860 },
  open: true,
});

function onServer(urlPath: string): Buffer {
  return readFileSync(join(temp, 'server-root', urlPath));
}

async function jobUrls(request: APIRequestContext): Promise<Record<string, string>> {
  const response = await request.post(`${serve.origin}/api/jobs:list`, {
    data: { limit: 1000 },
    headers: { Authorization: `Bearer ${serve.token}` },
  });
  const { jobs } = (await response.json()) as { jobs: Array<{ url: string; state: string }> };
  return Object.fromEntries(jobs.map((job) => [job.url, job.state]));
}

interface TreeFile {
  path: string;
  bytes: Buffer;
}

/**
 * Drops a folder the way a file manager does. Playwright cannot make real directory entries,
 * so the drop's DataTransfer is a stand-in whose item answers webkitGetAsEntry() with an
 * object mirroring the File and Directory Entries API over a tree of real File objects
 * (readEntries answers two entries at a time, then an empty batch, like Chromium's batches).
 */
async function dropFolder(target: Page, folder: string, files: TreeFile[]): Promise<void> {
  await target.evaluate(
    ({ folder, files }) => {
      type Entry = Record<string, unknown>;
      const g = globalThis as unknown as {
        File: new (parts: unknown[], name: string) => unknown;
        DragEvent: new (type: string, init: Record<string, unknown>) => object;
        DataTransfer: new () => object;
        document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
      };
      const dirs = new Map<string, Entry[]>();
      const dirEntry = (name: string, path: string): Entry => ({
        isFile: false,
        isDirectory: true,
        name,
        fullPath: `/${path}`,
        createReader() {
          let at = 0;
          return {
            readEntries(ok: (entries: Entry[]) => void) {
              const all = dirs.get(path) ?? [];
              const batch = all.slice(at, at + 2);
              at += 2;
              setTimeout(() => ok(batch), 0);
            },
          };
        },
      });
      const ensureDir = (path: string): void => {
        if (dirs.has(path)) return;
        dirs.set(path, []);
        const cut = path.lastIndexOf('/');
        if (cut < 0) return;
        const parent = path.slice(0, cut);
        ensureDir(parent);
        dirs.get(parent)!.push(dirEntry(path.slice(cut + 1), path));
      };
      ensureDir(folder);
      for (const file of files) {
        const full = `${folder}/${file.path}`;
        const cut = full.lastIndexOf('/');
        ensureDir(full.slice(0, cut));
        const name = full.slice(cut + 1);
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        const made = new g.File([bytes], name);
        dirs.get(full.slice(0, cut))!.push({
          isFile: true,
          isDirectory: false,
          name,
          fullPath: `/${full}`,
          file: (ok: (file: unknown) => void) => ok(made),
        });
      }
      const root = dirEntry(folder, folder);
      const transfer = {
        types: ['Files'],
        files: [],
        items: [{ kind: 'file', getAsFile: () => null, webkitGetAsEntry: () => root }],
        dropEffect: 'none',
      };
      const targetElement = g.document.querySelector('main');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        const event = new g.DragEvent(type, {
          bubbles: true,
          cancelable: true,
          dataTransfer: new g.DataTransfer(),
        });
        Object.defineProperty(event, 'dataTransfer', { value: transfer });
        targetElement?.dispatchEvent(event);
      }
    },
    { folder, files: files.map((file) => ({ path: file.path, base64: file.bytes.toString('base64') })) },
  );
}

test('dropped files and a dropped folder (nested) upload byte-identical under their relative paths', async ({
  request,
}) => {
  await page.getByLabel('Destination URL').fill(`${bits.origin}/intake/`);
  const loose = [
    { name: 'loose one.bin', bytes: patternBytes(300_000, 11) },
    { name: 'loose-two.txt', bytes: patternBytes(4_321, 12) },
  ];
  await dragFiles(page, loose);
  const tree: TreeFile[] = [
    { path: 'top.bin', bytes: patternBytes(250_000, 21) },
    { path: 'a.txt', bytes: patternBytes(1_000, 22) },
    { path: 'b.txt', bytes: patternBytes(2_000, 23) },
    { path: 'sub/dir/file.bin', bytes: patternBytes(400_000, 24) },
    { path: 'sub/dir/other #2.bin', bytes: patternBytes(10_000, 25) },
    { path: 'sub/inner.log', bytes: patternBytes(7_777, 26) },
  ];
  await dropFolder(page, 'photos 2026', tree);
  for (const file of loose) await expect(row(page, file.name, 'Done')).toBeVisible();
  for (const file of tree) await expect(row(page, file.path.split('/').pop()!, 'Done')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-adding-folder.png') });
  for (const file of loose) expect(onServer(`intake/${file.name}`).equals(file.bytes)).toBe(true);
  for (const file of tree) expect(onServer(`intake/photos 2026/${file.path}`).equals(file.bytes)).toBe(true);
  const urls = await jobUrls(request);
  expect(urls[`${bits.origin}/intake/photos%202026/sub/dir/other%20%232.bin`]).toBe('acknowledged');
  expect(urls[`${bits.origin}/intake/photos%202026/sub/dir/file.bin`]).toBe('acknowledged');
});

test('a drop of a file already queued (unfinished) is pointed out, not silently doubled', async ({
  request,
}) => {
  mkdirSync(join(temp, 'outbox', 'held'));
  const held = join(temp, 'outbox', 'held', 'held.bin');
  writeFileSync(held, patternBytes(50_000, 31));
  const added = await request.post(`${serve.origin}/api/jobs:add`, {
    data: { filePath: held, url: `${bits.origin}/twice/held.bin`, suspended: true },
    headers: { Authorization: `Bearer ${serve.token}` },
  });
  expect(added.status()).toBe(200);
  await expect(row(page, 'held.bin', 'Suspended')).toBeVisible();
  await page.getByLabel('Destination URL').fill(`${bits.origin}/twice/`);
  await dragFiles(page, [
    { name: 'held.bin', bytes: patternBytes(50_000, 32) },
    { name: 'fresh.bin', bytes: patternBytes(5_000, 33) },
  ]);
  const dialog = page.getByRole('alertdialog', { name: 'This file is already queued' });
  await expect(dialog).toContainText('“held.bin” goes to the same URL as an upload not finished yet');
  await page.screenshot({ path: join(SCREENSHOTS, 'web-adding-clash.png') });
  await dialog.getByRole('button', { name: 'Skip it' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'fresh.bin', 'Done')).toBeVisible();
  const twice = Object.keys(await jobUrls(request)).filter((url) => url.endsWith('/twice/held.bin'));
  expect(twice).toHaveLength(1);
});

test('Test says a good destination takes uploads, and a wrong one’s problem in plain words', async () => {
  await page.getByLabel('Destination URL').fill(`${bits.origin}/checked/`);
  await page.getByRole('button', { name: 'Test destination' }).click();
  const panel = page.getByRole('region', { name: 'Destination test' });
  await expect(panel.getByRole('status')).toHaveText('This destination takes BITS uploads.');
  await expect(panel.getByRole('listitem').first()).toContainText('OK');
  await expect(panel).toContainText(`Tested ${bits.origin}/checked/bits-uploader-check.tmp`);
  // A port nobody listens on.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await page.getByLabel('Destination URL').fill(`http://127.0.0.1:${port}/bits/`);
  await page.getByRole('button', { name: 'Test destination' }).click();
  await expect(panel.getByRole('status')).toContainText('This destination cannot take uploads yet:');
  await expect(panel.getByRole('listitem').first()).toContainText('Failed');
  await page.screenshot({ path: join(SCREENSHOTS, 'web-adding-test-failed.png') });
});

test('a saved destination (headers, credentials) is picked, tested and used; its password is never shown again', async ({
  request,
}) => {
  await page.getByLabel('Destination URL').fill(`${bits.origin}/saved/`);
  await page.getByRole('button', { name: 'Save…' }).click();
  const form = page.getByRole('dialog', { name: 'Save destination' });
  await form.getByLabel('Name', { exact: true }).fill('Reference server');
  await form.getByRole('button', { name: 'Add header' }).click();
  await form.getByLabel('Header 1 name').fill('X-Tenant');
  await form.getByLabel('Header 1 value').fill('blue');
  await form.getByLabel('User name').fill('ann');
  await form.getByLabel('Password').fill('s3cret-pass');
  await page.screenshot({ path: join(SCREENSHOTS, 'web-adding-save-destination.png') });
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByLabel('Saved destination')).toHaveValue(/.+/);
  await expect(page.getByText('Uses the saved headers and credentials of “Reference server”.')).toBeVisible();
  await page.getByRole('button', { name: 'Test destination' }).click();
  await expect(page.getByRole('region', { name: 'Destination test' }).getByRole('status')).toHaveText(
    'This destination takes BITS uploads.',
  );
  await dragFiles(page, [{ name: 'with-saved.bin', bytes: patternBytes(20_000, 51) }]);
  await expect(row(page, 'with-saved.bin', 'Done')).toBeVisible();
  const response = await request.post(`${serve.origin}/api/jobs:list`, {
    data: { search: 'with-saved' },
    headers: { Authorization: `Bearer ${serve.token}` },
  });
  const [job] = (await response.json()).jobs;
  expect(job).toMatchObject({ headerNames: ['X-Tenant'], url: `${bits.origin}/saved/with-saved.bin` });
  await page.getByRole('button', { name: 'Edit Reference server' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit “Reference server”' });
  await expect(edit.getByLabel('Password')).toHaveValue('');
  await expect(edit.getByLabel('Password')).toHaveAttribute('placeholder', 'saved');
  expect(await page.content()).not.toContain('s3cret-pass');
  await edit.getByRole('button', { name: 'Cancel' }).click();
});

test('Add files in serve opens the host file browser; a picked folder and file upload from the host', async () => {
  const files = {
    'outbox/reports/summary.pdf': patternBytes(90_000, 41),
    'outbox/reports/q3/figures.csv': patternBytes(12_345, 42),
    'outbox/notes.txt': patternBytes(3_000, 43),
  };
  for (const [path, bytes] of Object.entries(files)) writeFileSync(join(temp, path), bytes);
  await page.getByLabel('Destination URL').fill(`${bits.origin}/picked/`);
  await page.keyboard.press('Control+o');
  const dialog = page.getByRole('dialog', { name: 'Add files from the host' });
  const list = dialog.getByRole('listbox', { name: `Files in ${join(temp, 'outbox')}` });
  await expect(list).toBeFocused();
  await expect(dialog.getByRole('option')).toHaveText(['held/', 'reports/', /^notes\.txt/]);
  // Keyboard only: select the folder and the file, then add both.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.screenshot({ path: join(SCREENSHOTS, 'web-adding-host-browser.png') });
  await dialog.getByRole('button', { name: 'Add 2 selected' }).click();
  await expect(dialog).toBeHidden();
  for (const name of ['summary.pdf', 'figures.csv', 'notes.txt'])
    await expect(row(page, name, 'Done')).toBeVisible();
  expect(onServer('picked/reports/summary.pdf').equals(files['outbox/reports/summary.pdf'])).toBe(true);
  expect(onServer('picked/reports/q3/figures.csv').equals(files['outbox/reports/q3/figures.csv'])).toBe(true);
  expect(onServer('picked/notes.txt').equals(files['outbox/notes.txt'])).toBe(true);
});
