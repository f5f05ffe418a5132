import { systemClock } from '../bits/clock.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import type { CliIo, OutputStream } from './cli-io.js';
import { confirm, promptPassword } from './password-prompt.js';

function stream(target: NodeJS.WriteStream): OutputStream {
  return {
    write: (text) => {
      target.write(text);
    },
    control: (sequence) => {
      target.write(sequence);
    },
    get isTTY() {
      return target.isTTY === true;
    },
    get columns() {
      return target.columns;
    },
  };
}

/** The real world: process streams and signals, the SQLite-backed core, node:http(s). */
export function createProcessIo(): CliIo {
  return {
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: process.stdin.isTTY === true,
    clock: systemClock,
    promptPassword: (prompt) => promptPassword(prompt, process.stdin, process.stderr),
    confirm: (question) => confirm(question, process.stdin, process.stderr),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    exitNow(code) {
      process.exit(code);
    },
    async openCore(options) {
      // Loaded on demand: --help, --version and check never touch the database or its native module.
      const { createCore } = await import('../core.js');
      return createCore({ dataDir: options.dataDir, env: options.env, holdTransfers: options.holdTransfers });
    },
    createTransport: ({ ca, proxy, tls }) =>
      createNodeTransport({ ...(tls || ca ? { tls: { ...tls, ...(ca ? { ca } : {}) } } : {}), proxy }),
  };
}
