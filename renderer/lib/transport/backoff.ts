/**
 * Reconnect delays: 250 ms, doubling up to 5 s, with up to 20% jitter so many windows
 * reconnecting to a restarted host do not arrive in one burst.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000, 250 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.2 * random()));
}
