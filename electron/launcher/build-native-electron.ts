import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNativeElectron } from './build-native.js';

// npm run build:native-electron: dist/electron/launcher/ is three folders below the project root.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ok = buildNativeElectron({ root, env: process.env, log: (line) => console.log(line) });
process.exitCode = ok ? 0 : 1;
