// electron-builder afterPack hook: the Electron-ABI database addon and the fuses.
// Runs before signing, so the signature covers the flipped binary.
const { copyFileSync, existsSync } = require('node:fs');
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/** Every fuse Electron 45 has, set: the packaged app is not a general-purpose Node runtime. */
const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The packaged Electron binary inside appOutDir. */
function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

/** Where the unpacked better-sqlite3 addon is in the packaged app. */
function unpackedAddon(context) {
  const resources =
    context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
      ? path.join(
          context.appOutDir,
          `${context.packager.appInfo.productFilename}.app`,
          'Contents',
          'Resources',
        )
      : path.join(context.appOutDir, 'resources');
  return path.join(
    resources,
    'app.asar.unpacked',
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
}

/** Puts the Electron-ABI addon (npm run build:native-electron) over the Node one that was copied in. */
function installElectronAddon(context, projectDir) {
  const built = path.join(projectDir, 'dist', 'native', 'electron', 'better_sqlite3.node');
  if (!existsSync(built)) {
    throw new Error(
      `${built} is missing: run \`npm run build:native-electron\` (it needs internet access once).`,
    );
  }
  const target = unpackedAddon(context);
  if (!existsSync(target))
    throw new Error(`${target} is missing: is better-sqlite3 unpacked from the asar (asarUnpack)?`);
  copyFileSync(built, target);
  return target;
}

async function afterPack(context) {
  installElectronAddon(context, context.packager.projectDir);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // arm64 and universal macOS binaries must stay (ad-hoc) signed after the flip: Arch.arm64 = 3, universal = 4.
  await flipFuses(electronBinary(context), {
    ...FUSES,
    resetAdHocDarwinSignature: isMac && (context.arch === 3 || context.arch === 4),
  });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.installElectronAddon = installElectronAddon;
module.exports.electronBinary = electronBinary;
