import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { patternBytes, row } from './support/page-helpers.js';
import { api, bits, page, serve, temp, useWindow } from './support/window.js';

/**
 * Browser notifications (Settings > Notifications) in Chromium with the permission granted: a
 * finished and a failed upload each raise one notification naming the file; none once the
 * settings are off. The reference server refuses uploads over 64 KiB, which makes the failure.
 */
test.describe.configure({ mode: 'serial' });

const MAX_UPLOAD = 64 * 1024;

useWindow({ name: 'notify', bitsArgs: ['--max-upload', String(MAX_UPLOAD)], permissions: ['notifications'] });

interface Shown {
  title: string;
  body: string;
}

/**
 * Before the page's own scripts: every Notification the page makes is still Chromium's own, and
 * is also written down for the test. Headless Chromium never hides a tab, and the page notifies
 * only from the background, so the tab says it is hidden (as when another tab is in front).
 */
function recordNotifications() {
  const w = globalThis as unknown as {
    Notification: new (title: string, options?: { body?: string }) => object;
    shownNotifications: Shown[];
    document: object;
  };
  w.shownNotifications = [];
  const Real = w.Notification;
  w.Notification = class extends Real {
    constructor(title: string, options?: { body?: string }) {
      super(title, options);
      w.shownNotifications.push({ title, body: options?.body ?? '' });
    }
  };
  Object.defineProperty(w.document, 'hidden', { get: () => true });
  Object.defineProperty(w.document, 'visibilityState', { get: () => 'hidden' });
}

const shown = () =>
  page.evaluate(() => (globalThis as unknown as { shownNotifications: Shown[] }).shownNotifications);

async function upload(request: APIRequestContext, name: string, size: number) {
  writeFileSync(join(temp, name), patternBytes(size, name.length));
  await api(request, 'jobs:add', { filePath: join(temp, name), url: `${bits.origin}/notify/${name}` });
}

test('with the settings on, a finished and a failed upload each raise one notification naming the file', async ({
  request,
}) => {
  await page.addInitScript(recordNotifications);
  await page.goto(serve.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: /^Settings/ }).click();
  await expect(page.getByLabel('Tell me when an upload finishes')).toBeChecked();
  await expect(page.getByLabel('Tell me when an upload fails')).toBeChecked();
  await expect(page.getByText('This browser shows them while this tab is in the background.')).toBeVisible();
  await page.getByRole('tab', { name: /^Queue/ }).click();

  await upload(request, 'quarterly.pdf', 20_000);
  await expect(row(page, 'quarterly.pdf', 'Done')).toBeVisible();
  await expect.poll(shown).toHaveLength(1);
  expect((await shown())[0]).toEqual({
    title: 'Upload finished',
    body: `quarterly.pdf went to ${new URL(bits.origin).host}`,
  });

  await upload(request, 'far-too-big.iso', MAX_UPLOAD * 3);
  await expect(row(page, 'far-too-big.iso', 'Failed')).toBeVisible();
  await expect.poll(shown).toHaveLength(2);
  const failed = (await shown())[1]!;
  expect(failed.title).toBe('Upload failed');
  expect(failed.body).toMatch(/^far-too-big\.iso: /);
});

test('with the settings off, neither a finished nor a failed upload raises one', async ({ request }) => {
  await page.getByRole('tab', { name: /^Settings/ }).click();
  await page.getByLabel('Tell me when an upload finishes').uncheck();
  await page.getByLabel('Tell me when an upload fails').uncheck();
  await expect
    .poll(async () => {
      const { app } = await api<{ app: { notifyFinished: boolean; notifyFailed: boolean } }>(
        request,
        'settings:get',
      );
      return [app.notifyFinished, app.notifyFailed];
    })
    .toEqual([false, false]);
  await page.getByRole('tab', { name: /^Queue/ }).click();

  await upload(request, 'minutes.txt', 20_000);
  await upload(request, 'also-too-big.iso', MAX_UPLOAD * 3);
  await expect(row(page, 'minutes.txt', 'Done')).toBeVisible();
  await expect(row(page, 'also-too-big.iso', 'Failed')).toBeVisible();
  // The store has taken both changes (the rows show them): nothing was added to the two before.
  expect(await shown()).toHaveLength(2);
});
