import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { patternBytes, row } from './support/page-helpers.js';
import { api, bits, page, SCREENSHOTS, serve, temp, useWindow } from './support/window.js';

/**
 * The Replies, Settings and History views against a real `serve` and the reference BITS server
 * (issue 7): a reply previewed and its badge gone, settings applied live, the history cleared.
 */
test.describe.configure({ mode: 'serial' });

const replyBytes = patternBytes(300_000, 41);

useWindow({ name: 'views' });

const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });

async function expectNoSeriousAxeProblems(view: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${view}, ${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Light, then dark (the OS preference; the theme setting is "system"). */
async function screenshots(name: string) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('an upload-reply job’s reply is counted unread, previewed in the Replies view, and the badge goes', async ({
  request,
}) => {
  await page.goto(serve.url);
  await tab('Replies').click();
  await expect(page.getByRole('heading', { name: 'No replies yet' })).toBeVisible();
  await tab('Queue').click();
  // History material: two plain uploads and a cancelled one.
  for (const [i, name] of ['notes.txt', 'photos.tar'].entries()) {
    writeFileSync(join(temp, name), patternBytes(200_000 * (i + 1), i));
    await api(request, 'jobs:add', { filePath: join(temp, name), url: `${bits.origin}/history/${name}` });
  }
  writeFileSync(join(temp, 'dropped.iso'), patternBytes(100_000, 9));
  const dropped = await api(request, 'jobs:add', {
    filePath: join(temp, 'dropped.iso'),
    url: `${bits.origin}/history/dropped.iso`,
    suspended: true,
  });
  await api(request, 'jobs:cancel', { id: dropped.id });

  writeFileSync(join(temp, 'with-reply.bin'), replyBytes);
  await page.getByLabel('Destination URL').fill(`${bits.origin}/reply/`);
  await page.getByRole('radio', { name: 'Upload-reply', exact: true }).check();
  await page.getByLabel('File path on the host').fill(join(temp, 'with-reply.bin'));
  await page.getByRole('button', { name: 'Add path' }).click();
  await expect(row(page, 'with-reply.bin', 'Done')).toBeVisible();
  await expect(tab('Replies').locator('.view-rail__count')).toHaveText('1');

  await tab('Replies').click();
  const item = page.getByRole('button', {
    name: /^Preview with-reply\.bin.*, the reply to with-reply\.bin, unread$/,
  });
  await expect(item).toBeVisible();
  await item.click();
  const contents = page.getByRole('region', { name: 'Contents of the reply to with-reply.bin' });
  const sha256 = createHash('sha256').update(replyBytes).digest('hex');
  // The reference server answers JSON: shown pretty-printed, as text.
  await expect(contents).toContainText(`"sha256": "${sha256}"`);
  expect(await contents.locator('pre').textContent()).toContain(`\n  "size": ${replyBytes.length}`);
  await expect(tab('Replies').locator('.view-rail__count')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /Replies all read/ })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const saved = await download;
  expect(JSON.parse(readFileSync(await saved.path(), 'utf8')).sha256).toBe(sha256);

  // Read state survives a reload (kept per host in this browser).
  await page.reload();
  await expect(tab('Replies').locator('.view-rail__count')).toHaveCount(0);
  await tab('Replies').click();
  await page.getByRole('button', { name: /^Preview with-reply\.bin/ }).click();
  await expect(contents).toContainText('"sha256"');
  await screenshots('replies');
  await expectNoSeriousAxeProblems('Replies');
});

test('settings apply live: the bandwidth limit reaches the status bar, the theme switches', async ({
  request,
}) => {
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  await expect(page.getByText('limit: none')).toBeVisible();
  const limit = page.getByLabel('Bandwidth limit');
  await limit.fill('2 MB/s');
  await limit.press('Tab');
  await expect(page.getByRole('status').filter({ hasText: 'Saved: Bandwidth limit' })).toBeVisible();
  await expect(page.getByText('limit: 2.0 MiB/s')).toBeVisible();
  expect((await api(request, 'settings:get')).bandwidthLimitBps).toBe(2 * 1024 * 1024);

  // A value out of range is shown at its field, and goes once fixed.
  const perServer = page.getByLabel('Uploads per server');
  await perServer.fill('0');
  await perServer.press('Enter');
  await expect(perServer).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a number from 1 to 64.', { exact: true })).toBeVisible();
  await perServer.fill('2');
  await perServer.press('Enter');
  await expect(perServer).not.toHaveAttribute('aria-invalid');

  // A change made elsewhere (the CLI, another window) shows up here.
  await api(request, 'settings:update', { maxConcurrentJobs: 6 });
  await expect(page.getByLabel('Concurrent uploads')).toHaveValue('6');

  await page.getByRole('button', { name: 'Add a schedule rule' }).click();
  await expect(page.getByText('Mon-Fri 09:00-17:00: 1.0 MiB/s')).toBeVisible();
  expect((await api(request, 'settings:get')).bandwidthSchedule).toHaveLength(1);

  await page.locator('.app__main').evaluate((main) => main.scrollTo(0, 0));
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.locator('.app__main').evaluate((main) => main.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'settings-dark.png') });
  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.locator('.app__main').evaluate((main) => main.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'settings.png') });
  await expectNoSeriousAxeProblems('Settings');
  // Remembered by the host: a reload comes back light, then "System" hands it back to the OS.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await tab('Settings').click();
  await page.getByRole('radio', { name: 'System' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme');

  await page.getByRole('button', { name: 'Remove rule 1' }).click();
  await limit.fill('');
  await limit.press('Tab');
  await expect(page.getByText('limit: none')).toBeVisible();
  expect((await api(request, 'settings:get')).bandwidthSchedule).toEqual([]);
});

test('the history lists the finished jobs with totals, and "Clear finished" empties it', async () => {
  await tab('History').click();
  const grid = page.getByRole('grid', { name: 'Finished uploads' });
  await expect(row(page, 'with-reply.bin', 'Done')).toBeVisible();
  await expect(row(page, 'notes.txt', 'Done')).toBeVisible();
  await expect(row(page, 'photos.tar', 'Done')).toBeVisible();
  await expect(row(page, 'dropped.iso', 'Cancelled')).toBeVisible();
  const totals = page.locator('.history-totals');
  await expect(totals).toContainText('4 uploads');
  await expect(totals).toContainText('3 done · 1 cancelled');
  await page.getByRole('radio', { name: 'Cancelled' }).check({ force: true });
  await expect(grid.getByRole('row')).toHaveCount(2);
  await page.getByRole('radio', { name: 'All' }).check({ force: true });
  await page.getByLabel('Search history').fill('photos');
  await expect(grid.getByRole('row')).toHaveCount(2);
  await page.getByLabel('Search history').fill('');
  await page.getByLabel('Search history').blur();
  await screenshots('history');
  await expectNoSeriousAxeProblems('History');

  await page.getByRole('button', { name: 'Clear finished' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('4 finished uploads leave the history');
  await dialog.getByRole('button', { name: 'Clear 4 finished' }).click();
  await expect(page.getByRole('heading', { name: 'Nothing finished yet' })).toBeVisible();
  await tab('Replies').click();
  await expect(page.getByRole('heading', { name: 'No replies yet' })).toBeVisible();
});
