import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = process.cwd();
const config = require(path.join(root, 'build', 'electron-builder.config.cjs'));
const hook = require(path.join(root, 'build', 'after-pack.cjs'));
const { FuseV1Options } = require('@electron/fuses');

describe('electron-builder config (build/electron-builder.config.cjs)', () => {
  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util/out/DebugLogger.js');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb, NSIS and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('puts the bits-uploader command on the PATH from the deb', () => {
    expect(config.linux.executableName).toBe('bits-uploader');
    // The deb keeps electron-builder's after-install script, which links the executable into /usr/bin.
    expect(config.deb.afterInstall).toBeUndefined();
    const template = readFileSync(
      require.resolve('app-builder-lib/templates/linux/after-install.tpl'),
      'utf8',
    );
    expect(template).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the template's own ${macro} syntax
      "ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'",
    );
  });

  it('unpacks the database addon from the asar and ships the app, not the tooling', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/build/Release/*.node']);
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/**/*.js',
        'dist/preload/preload.cjs',
        'dist/renderer/**',
        '!dist/electron/launcher/**',
        '!**/*.test.js',
      ]),
    );
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(manifest.main).toBe('dist/electron/main/main.js');
    expect(config.afterPack).toBe('./build/after-pack.cjs');
  });
});

describe('afterPack hook (build/after-pack.cjs)', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('sets every fuse: no run-as-node, ASAR integrity, only the asar, no Node options or inspector', () => {
    expect(hook.FUSES.strictlyRequireAllFuses).toBe(true);
    expect(hook.FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(hook.FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(hook.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(hook.FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    const named = Object.values(FuseV1Options).filter((value) => typeof value === 'number');
    for (const fuse of named) expect(typeof hook.FUSES[fuse as number], String(fuse)).toBe('boolean');
  });

  it('puts the Electron-ABI addon over the unpacked Node one, and says what is missing', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bits-pack-'));
    const project = path.join(dir, 'project');
    const appOutDir = path.join(dir, 'linux-unpacked');
    const context = {
      appOutDir,
      electronPlatformName: 'linux',
      packager: {
        appInfo: { productFilename: 'BITS Uploader' },
        executableName: 'bits-uploader',
        projectDir: project,
      },
    };
    expect(() => hook.installElectronAddon(context, project)).toThrow(/npm run build:native-electron/);
    mkdirSync(path.join(project, 'dist', 'native', 'electron'), { recursive: true });
    writeFileSync(path.join(project, 'dist', 'native', 'electron', 'better_sqlite3.node'), 'electron abi');
    expect(() => hook.installElectronAddon(context, project)).toThrow(/asarUnpack/);
    const release = path.join(
      appOutDir,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
    );
    mkdirSync(release, { recursive: true });
    writeFileSync(path.join(release, 'better_sqlite3.node'), 'node abi');
    expect(hook.installElectronAddon(context, project)).toBe(path.join(release, 'better_sqlite3.node'));
    expect(readFileSync(path.join(release, 'better_sqlite3.node'), 'utf8')).toBe('electron abi');
    expect(hook.electronBinary(context)).toBe(path.join(appOutDir, 'bits-uploader'));
    expect(hook.electronBinary({ ...context, electronPlatformName: 'win32' })).toBe(
      path.join(appOutDir, 'BITS Uploader.exe'),
    );
  });
});
