import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../stores/jobs-store.js';
import { SmoothingRegistry } from './smoothing-registry.js';

const MiB = 1024 * 1024;

const acked = (bytesAcked: number): JobProgress => ({
  phase: 'upload',
  bytesAcked,
  bytesInFlight: 0,
  bytesTotal: 10 * MiB,
  speedBps: 0,
});

describe('SmoothingRegistry', () => {
  it('a lower cursor is the server losing bytes: shown as re-sending until it is caught up', () => {
    const registry = new SmoothingRegistry();
    registry.acked('a', acked(0));
    registry.acked('a', acked(4 * MiB));
    const lost = registry.acked('a', acked(0));
    expect(lost).toEqual({ bytesAcked: 0, resending: 4 * MiB });
    // The details pane reads the same progress as the row: the same answer.
    expect(registry.acked('a', acked(0))).toEqual(lost);
    expect(registry.acked('a', acked(3 * MiB)).resending).toBe(MiB);
    expect(registry.acked('a', acked(5 * MiB)).resending).toBe(0);
  });

  it('forgets a job that stops transferring when speeds are next counted: resumed, nothing is re-sent', () => {
    const registry = new SmoothingRegistry();
    registry.acked('a', acked(4 * MiB));
    registry.speedsAt({ a: acked(4 * MiB) }, 0);
    expect(registry.acked('a', acked(MiB)).resending).toBe(3 * MiB);
    registry.speedsAt({}, 1000);
    // Suspended, then resumed from a new session at 1 MiB: a fresh start, not a loss.
    expect(registry.acked('a', acked(MiB)).resending).toBe(0);
  });
});
