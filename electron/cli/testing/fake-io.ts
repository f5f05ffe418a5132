import { FakeClock, flushPromises } from '../../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../../bits/testing/scripted-transport.js';
import type { CliIo, OpenCoreOptions } from '../cli-io.js';
import { FakeCore } from './fake-core.js';

export interface FakeIoOptions {
  stderrTTY?: boolean;
  stdinTTY?: boolean;
  columns?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  core?: FakeCore;
  openCore?: (options: OpenCoreOptions) => Promise<FakeCore>;
  password?: string;
  /** The answer to a yes/no question on the terminal; absent: the io cannot ask. */
  confirm?: boolean;
}

/** CliIo for tests: captured output, a fake clock, a FakeCore, signals on demand. */
export function fakeIo(options: FakeIoOptions = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const clock = new FakeClock();
  const core = options.core ?? new FakeCore();
  const interruptHandlers = new Set<() => void>();
  const exits: number[] = [];
  const prompts: string[] = [];
  const opened: OpenCoreOptions[] = [];
  const transport = new ScriptedTransport();
  const io: CliIo = {
    stdout: { write: (text) => void stdout.push(text), isTTY: false },
    stderr: {
      write: (text) => void stderr.push(text),
      isTTY: options.stderrTTY ?? false,
      columns: options.columns,
    },
    env: options.env ?? {},
    cwd: options.cwd ?? '/work',
    stdinIsTTY: options.stdinTTY ?? false,
    clock,
    promptPassword: async (prompt) => {
      prompts.push(prompt);
      return options.password ?? 'typed-secret';
    },
    ...(options.confirm === undefined
      ? {}
      : {
          confirm: async (question: string) => {
            prompts.push(question);
            return options.confirm!;
          },
        }),
    onInterrupt(handler) {
      interruptHandlers.add(handler);
      return () => interruptHandlers.delete(handler);
    },
    exitNow: (code) => void exits.push(code),
    openCore: async (opts) => {
      opened.push(opts);
      return options.openCore ? options.openCore(opts) : core;
    },
    createTransport: () => transport,
  };
  return {
    io,
    core,
    clock,
    exits,
    prompts,
    opened,
    transport,
    out: () => stdout.join(''),
    err: () => stderr.join(''),
    /** Simulates Ctrl-C. */
    interrupt: () => {
      for (const handler of [...interruptHandlers]) handler();
    },
    listening: () => interruptHandlers.size > 0,
    settle: flushPromises,
  };
}

/** Waits (in real time: file checks hit the disk) until `condition` holds, for 5 s at most. */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    await flushPromises();
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}
