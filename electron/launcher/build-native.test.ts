import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNativeElectron } from './build-native.js';
import {
  electronNativeBinding,
  HEADERS_URL_ENV,
  nativeBuildFailure,
  nativeBuildPlan,
} from './native-electron.js';

/** A loopback port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('nativeBuildPlan', () => {
  it("builds a scratch copy against Electron's headers and leaves node_modules' addon alone", () => {
    const plan = nativeBuildPlan({
      root: '/p',
      electronVersion: '45.5.0',
      arch: 'x64',
      node: '/usr/bin/node',
      env: {},
    });
    expect(plan.output).toBe(electronNativeBinding('/p'));
    expect(plan.output).toBe('/p/dist/native/electron/better_sqlite3.node');
    expect(plan.compile.cwd.startsWith('/p/node_modules')).toBe(false);
    expect(plan.compile.args).toEqual(
      expect.arrayContaining([
        'rebuild',
        '--target=45.5.0',
        '--arch=x64',
        '--dist-url=https://electronjs.org/headers',
      ]),
    );
  });

  it("recognises node-gyp's offline message as a download failure", () => {
    const offline = 'gyp ERR! stack is related to network connectivity. In most cases you are behind a proxy';
    expect(nativeBuildFailure('headers', '45.5.0', offline)).toContain(
      'could not be downloaded (network connectivity)',
    );
  });

  it('words a download failure as one line that says what to do', () => {
    const line = nativeBuildFailure(
      'headers',
      '45.5.0',
      'gyp ERR! stack Error: getaddrinfo ENOTFOUND electronjs.org\n...',
    );
    expect(line).toBe(
      "Cannot build better-sqlite3 for Electron 45.5.0: Electron's headers are needed and they could not be downloaded (ENOTFOUND); run `npm run build:native-electron` once with internet access.",
    );
  });
});

describe('buildNativeElectron (real node-gyp, headers from a refused loopback port)', () => {
  it('fails in one clear line, and writes no addon', async () => {
    const root = process.cwd();
    const devdir = mkdtempSync(path.join(tmpdir(), 'bits-gyp-'));
    const lines: string[] = [];
    const ok = buildNativeElectron({
      root,
      env: {
        ...process.env,
        [HEADERS_URL_ENV]: `http://127.0.0.1:${await closedPort()}`,
        npm_config_devdir: devdir,
      },
      log: (line) => lines.push(line),
    });
    rmSync(devdir, { recursive: true, force: true });
    expect(ok).toBe(false);
    expect(lines.at(-1)).toMatch(
      /^Cannot build better-sqlite3 for Electron \d+\.\d+\.\d+: Electron's headers are needed and they could not be downloaded \((ECONNREFUSED|fetch failed)\)/,
    );
    expect(lines).toHaveLength(2);
    // It stopped before copying sources or compiling anything.
    expect(
      existsSync(nativeBuildPlan({ root, electronVersion: '0', arch: 'x64', node: '', env: {} }).tree),
    ).toBe(false);
  });
});
