import type { CoreEvent } from '../../shared/contract/core-api.js';

export type Listener = (event: CoreEvent) => void;

/**
 * The engine's subscribers. Each gets its own copy of every event, so none can change what the
 * engine or another subscriber sees, and a failing one (a throw, or a returned promise that
 * rejects) is contained and reported once: it never reaches the engine or the other subscribers.
 */
export class Subscribers {
  private readonly listeners = new Set<Listener>();
  private readonly reported = new WeakSet<Listener>();

  constructor(private readonly warn: (message: string) => void) {}

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        const result: unknown = listener(structuredClone(event));
        if (isThenable(result)) result.then(undefined, (error: unknown) => this.failed(listener, error));
      } catch (error) {
        this.failed(listener, error);
      }
    }
  }

  private failed(listener: Listener, error: unknown): void {
    if (this.reported.has(listener)) return;
    this.reported.add(listener);
    const reason = error instanceof Error ? error.message : String(error);
    this.warn(`A subscriber to job events failed (${reason}); its further failures are not reported.`);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
