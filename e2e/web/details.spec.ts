import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { patternBytes, row } from './support/page-helpers.js';
import { bits, page, SCREENSHOTS, serve, temp, useWindow } from './support/window.js';

/**
 * A failed job explained (issue 7, "Details and errors"): the reference server refuses uploads
 * over 64 KiB (--max-upload: HTTP 500 with BITS code 0x80200020); the details pane says so in
 * plain words with the code and what to do, and Copy diagnostics puts redacted text on the clipboard.
 */
test.describe.configure({ mode: 'serial' });

const SECRET_SIG = 'sig-0f9e8d7c6b5a';

useWindow({
  name: 'details',
  bitsArgs: ['--max-upload', String(64 * 1024)],
  viewport: { width: 1400, height: 860 },
  permissions: ['clipboard-read', 'clipboard-write'],
});

test('a failed job explains itself in plain words, with its code and what to do', async ({ request }) => {
  const file = join(temp, 'too-big.bin');
  writeFileSync(file, patternBytes(256 * 1024, 3));
  const added = await request.post(`${serve.origin}/api/jobs:add`, {
    headers: { Authorization: `Bearer ${serve.token}` },
    data: {
      filePath: file,
      url: `${bits.origin}/bits/too-big.bin?${'sig'}=${SECRET_SIG}`,
      headers: [['X-Tenant-Key', 'tenant-value-never-copied']],
      credentials: { user: 'ann', password: 'pw-never-copied' },
    },
  });
  expect(added.status()).toBe(200);

  await page.goto(serve.url);
  const failed = row(page, 'too-big.bin', 'Failed');
  await expect(failed).toBeVisible();
  // The row's one-line reason, in plain words.
  await expect(failed).toContainText('The file is larger than this server accepts');
  await failed.click();

  const pane = page.getByRole('complementary', { name: 'too-big.bin' });
  await expect(pane).toBeVisible();
  await expect(pane.getByText('The file is larger than this server accepts (0x80200020).')).toBeVisible();
  await expect(pane.getByText('BG_E_TOO_LARGE')).toBeVisible();
  await expect(pane.locator('.details-error__raw')).toContainText('500');
  await expect(pane.locator('.details-error__hint')).toContainText('raise the upload limit');
  await expect(
    pane.getByRole('list', { name: 'Timeline, newest first' }).getByRole('listitem').first(),
  ).toContainText('larger');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({
      path: join(SCREENSHOTS, colorScheme === 'light' ? 'details-error.png' : 'details-error-dark.png'),
    });
    // The pane meets WCAG AA in both themes (contrast of the error box included).
    const results = await new AxeBuilder({ page })
      .include('.details-pane')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

test('Copy diagnostics puts the details and timeline on the clipboard, secrets redacted', async () => {
  const pane = page.getByRole('complementary', { name: 'too-big.bin' });
  await pane.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(pane.getByText('Copied', { exact: true })).toBeVisible();
  const copied = await page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
  expect(copied).toContain('BITS Uploader diagnostics');
  expect(copied).toContain('The file is larger than this server accepts (0x80200020).');
  expect(copied).toContain('BITS code: 0x80200020 (BG_E_TOO_LARGE)');
  expect(copied).toContain('HTTP status: 500');
  expect(copied).toMatch(/Timeline \(\d+\)/);
  expect(copied).toContain('sig=[redacted]');
  for (const secret of [SECRET_SIG, 'tenant-value-never-copied', 'pw-never-copied'])
    expect(copied).not.toContain(secret);
});

/** How far the row's reason text runs past what its State cell shows (cut at the side or below); 0: all of it shows. */
function reasonCut(failedRow: ReturnType<typeof row>): Promise<number> {
  return failedRow.locator('.state').evaluate((state) => {
    const detail = state.querySelector('.state__detail');
    if (!detail) return Number.POSITIVE_INFINITY;
    const box = state.getBoundingClientRect();
    const range = state.ownerDocument.createRange();
    range.selectNodeContents(detail);
    let cut = 0;
    for (const rect of range.getClientRects()) {
      cut = Math.max(cut, rect.right - box.right, rect.bottom - box.bottom);
    }
    return Math.round(cut);
  });
}

test('at 1280 px the failed row’s reason reads in full, details pane open or not, the whole text on hover', async () => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const failed = row(page, 'too-big.bin', 'Failed');
  const pane = page.getByRole('complementary', { name: 'too-big.bin' });
  await expect(pane).toBeVisible();
  await expect(failed.locator('.state__detail')).toHaveText('The file is larger than this server accepts');
  expect(await reasonCut(failed)).toBeLessThanOrEqual(0);
  await expect(failed.getByRole('gridcell', { name: /^Failed/ })).toHaveAttribute(
    'title',
    'Failed: The file is larger than this server accepts',
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'details-error-1280.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'details-error-1280-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await pane.getByRole('button', { name: 'Close details' }).click();
  await expect(pane).toBeHidden();
  expect(await reasonCut(failed)).toBeLessThanOrEqual(0);
  await failed.click();
  await expect(pane).toBeVisible();
  await page.setViewportSize({ width: 1400, height: 860 });
});

test('the pane closes with Escape and on a narrow window opens as a drawer over the list', async () => {
  const pane = page.getByRole('complementary', { name: 'too-big.bin' });
  await pane.getByRole('button', { name: 'Copy diagnostics' }).focus();
  await page.keyboard.press('Escape');
  await expect(pane).toBeHidden();
  await page.setViewportSize({ width: 800, height: 700 });
  await page.getByRole('grid', { name: 'Uploads' }).focus();
  // Moving the selection from the keyboard opens the pane again, here as a drawer.
  await page.keyboard.press('ArrowUp');
  await expect(pane).toBeVisible();
  const position = await pane.evaluate(
    (element) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { position: string } }).getComputedStyle(
        element,
      ).position,
  );
  expect(position).toBe('fixed');
  await pane.getByRole('button', { name: 'Close details' }).click();
  await expect(pane).toBeHidden();
});

test('several selected jobs are summed up above the focused one', async ({ request }) => {
  await page.setViewportSize({ width: 1400, height: 860 });
  const file = join(temp, 'waiting.bin');
  writeFileSync(file, patternBytes(2048, 5));
  const added = await request.post(`${serve.origin}/api/jobs:add`, {
    headers: { Authorization: `Bearer ${serve.token}` },
    data: { filePath: file, url: `${bits.origin}/bits/waiting.bin`, suspended: true },
  });
  expect(added.status()).toBe(200);
  await row(page, 'waiting.bin', 'Suspended').click();
  await row(page, 'too-big.bin', 'Failed').click({ modifiers: ['Control'] });
  const pane = page.getByRole('complementary', { name: '2 uploads selected' });
  await expect(pane).toBeVisible();
  await expect(pane.getByText('1 failed')).toBeVisible();
  await expect(pane.getByText('1 suspended')).toBeVisible();
  await expect(pane.getByRole('heading', { name: 'Focused: too-big.bin' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('details-several.png') });
});
