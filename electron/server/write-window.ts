import type { Duplex } from 'node:stream';

/**
 * Holds a socket's writes for a short window and sends them in one go. Each WebSocket message
 * is otherwise its own write: a system call, a loopback TCP segment and a wake-up of the
 * browser's network thread. 50 transfers send ~150 progress events a second, and writing them
 * one by one cost `serve` a sixth of a core (bench ui-queue, profiled). Within a window of one
 * frame they become at most ~60 writes a second, and no event waits longer than the frame the
 * window paints it in anyway.
 */
export const WRITE_WINDOW_MS = 16;

export interface WriteWindow {
  /** Call before each write: the first one in a window corks the socket until the window ends. */
  hold(): void;
  /** Sends what is held now and stops the timer: after a replay (no waiting), or as the socket closes. */
  release(): void;
}

export function writeWindow(socket: Duplex, windowMs = WRITE_WINDOW_MS): WriteWindow {
  let timer: NodeJS.Timeout | undefined;
  const release = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    socket.uncork();
  };
  return {
    hold() {
      if (timer !== undefined || socket.destroyed) return;
      socket.cork();
      timer = setTimeout(release, windowMs);
    },
    release,
  };
}
