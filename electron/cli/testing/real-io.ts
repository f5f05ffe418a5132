import type { CliIo } from '../cli-io.js';
import { createProcessIo } from '../process-io.js';

/**
 * The real IO (core, transport, clock) with output captured instead of printed, no terminal,
 * and Ctrl-C on demand: for end-to-end runs of `main()` against the reference server.
 */
export function realIo(cwd: string, options: { env?: Record<string, string> } = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const handlers = new Set<() => void>();
  const io: CliIo = {
    ...createProcessIo(),
    stdout: { write: (text) => void stdout.push(text), isTTY: false },
    stderr: { write: (text) => void stderr.push(text), isTTY: false },
    env: { ...options.env },
    cwd,
    stdinIsTTY: false,
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
  return {
    io,
    out: () => stdout.join(''),
    err: () => stderr.join(''),
    /** stdout as the JSON events `--json` prints, one per line. */
    events: () =>
      stdout
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    interrupt: () => {
      for (const handler of [...handlers]) handler();
    },
  };
}
