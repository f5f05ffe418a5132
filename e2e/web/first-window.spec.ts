import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { dragFiles, leaveDrag, patternBytes, row } from './support/page-helpers.js';
import { api, bits, page, restartServe, SCREENSHOTS, serve, temp, useWindow } from './support/window.js';

/**
 * The first window against a real `bits-uploader serve` and the reference BITS server, in
 * Debian's Chromium (issue 6, "e2e"). One serve for the file; the tests run in order.
 */
test.describe.configure({ mode: 'serial' });

useWindow({ name: 'e2e' });

/** What the reference server committed for a URL path. */
function onServer(urlPath: string): Buffer {
  return readFileSync(join(temp, 'server-root', urlPath));
}

async function setDestination(url: string, type: 'Upload' | 'Upload-reply' = 'Upload') {
  await page.getByLabel('Destination URL').fill(url);
  await page.getByRole('radio', { name: type, exact: true }).check();
}

test('a page without the token is refused, and so is the API', async ({ request }) => {
  await page.goto(`${serve.origin}/`);
  await expect(page.getByRole('heading', { name: 'This page needs its access link' })).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-no-token.png') });
  const refused = await request.post(`${serve.origin}/api/jobs:list`, { data: {} });
  expect(refused.status()).toBe(401);
  const wrong = await request.post(`${serve.origin}/api/jobs:list`, {
    data: {},
    headers: { Authorization: 'Bearer not-the-token' },
  });
  expect(wrong.status()).toBe(401);
});

test('a wrong token in the link is refused in plain words, and a reload asks for the link', async () => {
  await page.goto(`${serve.origin}/#token=not-the-token`);
  await expect(page.getByRole('heading', { name: 'Access refused' })).toBeVisible();
  await expect(page.getByText(/Open the link that “bits-uploader serve” printed/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This page needs its access link' })).toBeVisible();
});

test('the printed URL opens the window and the token leaves the address bar', async () => {
  await page.goto(serve.url);
  await expect(page.getByRole('heading', { name: 'No uploads yet' })).toBeVisible();
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  expect(page.url()).not.toContain('token');
  await page.screenshot({ path: join(SCREENSHOTS, 'web-empty.png') });
  // A reload keeps working: the token is in sessionStorage, not in the URL.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'No uploads yet' })).toBeVisible();
});

test('dropped files are staged on the host, uploaded, and arrive byte-identical', async () => {
  await setDestination(`${bits.origin}/drop/`);
  const files = [
    { name: 'drop one.bin', bytes: patternBytes(700_000, 1) },
    { name: 'drop-two.log', bytes: patternBytes(123_457, 2) },
  ];
  await dragFiles(page, files, true);
  await expect(page.getByText(`Drop to upload to ${new URL(bits.origin).host}/drop/`)).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-drop-overlay.png') });
  await leaveDrag(page);
  await dragFiles(page, files);
  for (const file of files) await expect(row(page, file.name, 'Done')).toBeVisible();
  for (const file of files) expect(onServer(`drop/${file.name}`).equals(file.bytes)).toBe(true);
});

test('a file typed by its path on the host uploads byte-identical', async () => {
  const bytes = patternBytes(2_000_000, 3);
  const path = join(temp, 'host-file.dat');
  writeFileSync(path, bytes);
  await setDestination(`${bits.origin}/typed/`);
  await page.getByLabel('File path on the host').fill(path);
  await page.getByRole('button', { name: 'Add path' }).click();
  await expect(row(page, 'host-file.dat', 'Done')).toBeVisible();
  expect(onServer('typed/host-file.dat').equals(bytes)).toBe(true);
  await expect(page.getByLabel('File path on the host')).toHaveValue('');
});

test('a job suspends and resumes; another one cancels', async ({ request }) => {
  // Slow the host down so the jobs are still running when the buttons are pressed.
  // Small fragments so progress (and the speed and ETA columns) moves while the limit holds it back.
  await api(request, 'settings:update', { bandwidthLimitBps: 200 * 1024, fragmentSize: 64 * 1024 });
  const slow = patternBytes(3_000_000, 4);
  const doomed = patternBytes(3_000_000, 5);
  writeFileSync(join(temp, 'slow.bin'), slow);
  writeFileSync(join(temp, 'doomed.bin'), doomed);
  await setDestination(`${bits.origin}/control/`);
  for (const name of ['slow.bin', 'doomed.bin']) {
    await page.getByLabel('File path on the host').fill(join(temp, name));
    await page.getByRole('button', { name: 'Add path' }).click();
  }
  await expect(row(page, 'slow.bin', 'Uploading')).toBeVisible();
  // Wait for real numbers before the screenshot: a bar past 5% and a speed.
  await expect
    .poll(async () =>
      Number(
        await page.getByRole('progressbar', { name: 'slow.bin progress' }).getAttribute('aria-valuenow'),
      ),
    )
    .toBeGreaterThanOrEqual(5);
  await expect(row(page, 'slow.bin', 'Uploading').getByText(/left$/)).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-transferring.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'web-transferring-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'Suspend slow.bin' }).click();
  await expect(row(page, 'slow.bin', 'Suspended')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'slow.bin: suspended' })).toBeAttached();
  await page.getByRole('button', { name: 'Cancel doomed.bin' }).click();
  await expect(row(page, 'doomed.bin', 'Cancelled')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove doomed.bin' })).toBeVisible();

  await api(request, 'settings:update', { bandwidthLimitBps: 0 });
  await page.getByRole('button', { name: 'Resume slow.bin' }).click();
  await expect(row(page, 'slow.bin', 'Done')).toBeVisible();
  expect(onServer('control/slow.bin').equals(slow)).toBe(true);

  await page.getByRole('button', { name: 'Remove doomed.bin' }).click();
  await expect(row(page, 'doomed.bin')).toHaveCount(0);
});

test('serve killed mid-upload: the window says so, reconnects to the new one, every job finishes', async ({
  request,
}) => {
  await api(request, 'settings:update', { bandwidthLimitBps: 150 * 1024 });
  const files = [1, 2, 3].map((n) => ({ name: `crash-${n}.bin`, bytes: patternBytes(1_500_000, 10 + n) }));
  for (const file of files) writeFileSync(join(temp, file.name), file.bytes);
  await setDestination(`${bits.origin}/crash/`);
  for (const file of files) {
    await page.getByLabel('File path on the host').fill(join(temp, file.name));
    await page.getByRole('button', { name: 'Add path' }).click();
  }
  await expect(row(page, 'crash-1.bin', 'Uploading')).toBeVisible();

  await serve.stop('SIGKILL');
  await expect(page.getByText('Disconnected, reconnecting…')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Suspend crash-/ }).first()).toBeDisabled();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-reconnecting.png') });

  await restartServe();
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByText('Disconnected, reconnecting…')).toHaveCount(0);
  await api(request, 'settings:update', { bandwidthLimitBps: 0 });
  for (const file of files) await expect(row(page, file.name, 'Done')).toBeVisible({ timeout: 40_000 });
  for (const file of files) expect(onServer(`crash/${file.name}`).equals(file.bytes)).toBe(true);
});

test('the reply of an upload-reply job downloads to the browser', async () => {
  const bytes = patternBytes(300_000, 20);
  writeFileSync(join(temp, 'with-reply.bin'), bytes);
  await setDestination(`${bits.origin}/reply/`, 'Upload-reply');
  await page.getByLabel('File path on the host').fill(join(temp, 'with-reply.bin'));
  await page.getByRole('button', { name: 'Add path' }).click();
  await expect(row(page, 'with-reply.bin', 'Done')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'web-done.png') });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download reply with-reply.bin' }).click();
  const saved = await download;
  const reply = JSON.parse(readFileSync(await saved.path(), 'utf8')) as { size: number; sha256: string };
  expect(reply.size).toBe(bytes.length);
  expect(reply.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
});

test('the window has no serious accessibility problems (axe-core, light and dark)', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'web-done-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
});
