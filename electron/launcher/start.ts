import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';
import { electronNativeBinding } from './native-electron.js';
import { startPlan } from './start-plan.js';

// npm start (after npm run build): the desktop app, or `serve` where Electron cannot run.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const electron = findElectronBinary({
  root,
  env: process.env,
  platform: process.platform,
  exists: existsSync,
  readText: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined),
});
const plan = startPlan({
  root,
  electron,
  nativeReady: existsSync(electronNativeBinding(root)),
  node: process.execPath,
  args: process.argv.slice(2),
});
if (plan.notice) console.log(plan.notice);
for (const step of plan.before) {
  if (spawnSync(step.command, step.args, { stdio: 'inherit' }).status !== 0) process.exit(1);
}
const child = spawn(plan.run.command, plan.run.args, { stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal; SIGTERM from a supervisor is passed on.
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (error) => {
  console.error(`Cannot start ${plan.run.command}: ${error.message}`);
  process.exit(1);
});
