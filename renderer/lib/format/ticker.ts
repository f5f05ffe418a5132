import { useState, useSyncExternalStore } from 'react';

/**
 * One shared second ticker for every relative time and countdown on screen: a single interval,
 * running only while something listens. A component reads the time through a selector, so it
 * re-renders only when the text it shows changes, never all rows at once for nothing.
 */
type Listener = () => void;

const listeners = new Set<Listener>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const each of listeners) each();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const noSubscribe = () => () => {};

/** How many components listen (tests check that the ticker stops when nothing does). */
export function tickerListeners(): number {
  return listeners.size;
}

/**
 * `select(now)` from the shared ticker, re-rendering when its result changes. With `enabled`
 * false it reads the time once and does not listen (a row with no countdown costs nothing).
 */
export function useTicker<T>(select: (now: number) => T, enabled = true): T {
  const [mounted] = useState(() => Date.now());
  return useSyncExternalStore(enabled ? subscribe : noSubscribe, () => select(enabled ? current() : mounted));
}

/** The ticker's time; while it is stopped, refreshed at most once a second (a stable snapshot). */
function current(): number {
  if (timer === undefined && Date.now() - now >= 1000) now = Date.now();
  return now;
}
