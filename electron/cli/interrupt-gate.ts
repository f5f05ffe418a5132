import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';

export const INTERRUPTED = Symbol('interrupted');

/**
 * Ctrl-C / SIGTERM handling for a running command: the first one resolves `signal` so the
 * command can shut down cleanly (and say how to resume); a second one exits at once.
 */
export class InterruptGate {
  readonly signal: Promise<typeof INTERRUPTED>;
  private count = 0;
  private readonly remove: () => void;

  constructor(io: Pick<CliIo, 'onInterrupt' | 'exitNow'>) {
    let fire!: () => void;
    this.signal = new Promise((resolve) => {
      fire = () => resolve(INTERRUPTED);
    });
    this.remove = io.onInterrupt(() => {
      this.count++;
      if (this.count === 1) fire();
      else io.exitNow(EXIT.interrupted);
    });
  }

  get interrupted(): boolean {
    return this.count > 0;
  }

  release(): void {
    this.remove();
  }
}

/** Thrown when the user interrupts a step that has nothing to clean up (the password prompt). */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted.');
    this.name = 'InterruptedError';
  }
}
