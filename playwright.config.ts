import { defineConfig } from '@playwright/test';

/**
 * Playwright projects, both run by `npm test` after a build. `web`: the browser UI of a real
 * `serve` process in Debian's Chromium (never a downloaded browser), with the reference BITS
 * server. `electron`: the desktop shell through Playwright's Electron support; it skips itself
 * with the reason where no Electron binary exists (this machine).
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: './dist/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 20_000 },
  projects: [
    {
      name: 'web',
      testDir: './e2e/web',
      testMatch: /.*\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 720 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
        acceptDownloads: true,
        trace: 'off',
      },
    },
    {
      name: 'electron',
      testDir: './e2e/electron',
      testMatch: /.*\.spec\.ts$/,
    },
  ],
});
