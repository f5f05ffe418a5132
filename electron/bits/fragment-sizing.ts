/**
 * Automatic fragment sizing. BITS allows one request in flight, so every fragment ends with the
 * connection idle while its Ack comes back: on a fast link small fragments waste most of the
 * time, on a slow one big fragments make every interruption re-send a lot (up to one fragment).
 * Aiming at a fixed duration per fragment serves both: about two seconds of sending each.
 */
export const AUTO_FRAGMENT = {
  /** The first fragment's size, before anything is known about the link. */
  start: 8 * 1024 * 1024,
  min: 1024 * 1024,
  /**
   * IIS 7+ refuses any request body over maxAllowedContentLength (default 30,000,000 bytes, §6.6)
   * with a 404 the client cannot tell from "no such endpoint"; 24 MiB stays under it. Beyond
   * ~16 MiB larger fragments buy little even on loopback (npm run bench, fragment curve).
   */
  max: 24 * 1024 * 1024,
  targetMs: 2_000,
  step: 64 * 1024,
} as const;

/**
 * The next fragment size after `sentBytes` took `elapsedMs` from first byte to Ack: the size
 * that would take about `targetMs` at that pace, changing at most twofold per fragment so one
 * odd measurement cannot swing it.
 */
export function nextFragmentSize(current: number, sentBytes: number, elapsedMs: number): number {
  if (sentBytes <= 0) return current;
  const bytesPerMs = sentBytes / Math.max(elapsedMs, 1);
  const ideal = bytesPerMs * AUTO_FRAGMENT.targetMs;
  const bounded = Math.min(current * 2, Math.max(current / 2, ideal));
  const rounded = Math.round(bounded / AUTO_FRAGMENT.step) * AUTO_FRAGMENT.step;
  return Math.min(AUTO_FRAGMENT.max, Math.max(AUTO_FRAGMENT.min, rounded));
}

/**
 * The first fragment's size when a bandwidth limit of `limitBps` is set (0: none): what the
 * limit lets through in about `targetMs`, so a slow limited link does not send its first 8 MiB
 * in one request, a minute or more without an Ack, all of it to go again if the line drops.
 */
export function firstFragmentSize(limitBps: number): number {
  if (!(limitBps > 0)) return AUTO_FRAGMENT.start;
  const ideal = (limitBps * AUTO_FRAGMENT.targetMs) / 1000;
  const rounded = Math.round(ideal / AUTO_FRAGMENT.step) * AUTO_FRAGMENT.step;
  return Math.min(AUTO_FRAGMENT.start, Math.max(AUTO_FRAGMENT.min, rounded));
}
