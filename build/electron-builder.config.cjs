// electron-builder configuration (npm run dist). CommonJS because electron-builder loads it with
// require(). Checked by electron/launcher/packaging.test.ts.
/** @type {import('app-builder-lib').Configuration} */
const config = {
  appId: 'org.bits-uploader.app',
  productName: 'BITS Uploader',
  // The `bits-uploader` command: the Linux executable's name, linked into /usr/bin by the deb's
  // after-install script (electron-builder's own, kept); on it, CLI words run the CLI (main.ts).
  executableName: 'bits-uploader',
  directories: { output: 'dist/packages', buildResources: 'build' },
  files: [
    'package.json',
    'dist/electron/**/*.js',
    '!dist/electron/launcher/**',
    '!dist/electron/**/testing/**',
    'dist/shared/**/*.js',
    'dist/preload/preload.cjs',
    'dist/renderer/**',
    'build/icons/tray.png',
    'build/icons/tray@2x.png',
    '!**/*.map',
    '!**/*.test.js',
  ],
  asar: true,
  // The database addon cannot be loaded from inside an asar archive.
  asarUnpack: ['node_modules/better-sqlite3/build/Release/*.node'],
  // node_modules keeps Node's addon (the tests use it): the Electron one is put in by afterPack.
  npmRebuild: false,
  afterPack: './build/after-pack.cjs',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Network',
    executableName: 'bits-uploader',
    icon: 'build/icons/icon.png',
    synopsis: 'Resumable uploads to BITS (IIS) upload servers',
  },
  deb: {
    depends: [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
    ],
  },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's own ${macro} syntax
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: { target: ['nsis'], icon: 'build/icons/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.utilities',
    icon: 'build/icons/icon.png',
    hardenedRuntime: true,
  },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's own ${macro} syntax
  dmg: { title: '${productName} ${version}' },
};

module.exports = config;
