import { describe, expect, it } from 'vitest';
import { AUTO_FRAGMENT, firstFragmentSize, nextFragmentSize } from './fragment-sizing.js';

const MiB = 1024 * 1024;

describe('automatic fragment sizing', () => {
  it('grows on a fast link, at most twofold per fragment, up to 24 MiB (under IIS’s default request limit)', () => {
    let size = AUTO_FRAGMENT.start;
    const sizes = [];
    for (let i = 0; i < 5; i++) {
      // 1 GB/s: each fragment takes size / 1e6 ms.
      size = nextFragmentSize(size, size, size / 1e6);
      sizes.push(size / MiB);
    }
    expect(sizes).toEqual([16, 24, 24, 24, 24]);
    expect(AUTO_FRAGMENT.max).toBeLessThan(30_000_000);
  });

  it('shrinks on a slow link towards about two seconds per fragment, never below 1 MiB', () => {
    // 1 MB/s: 8 MiB took 8.4 s.
    expect(nextFragmentSize(8 * MiB, 8 * MiB, 8_389)).toBe(4 * MiB);
    expect(nextFragmentSize(4 * MiB, 4 * MiB, 4_194) / MiB).toBeCloseTo(2, 1);
    // 100 kB/s: the floor.
    expect(nextFragmentSize(1 * MiB, 1 * MiB, 10_485)).toBe(1 * MiB);
  });

  it('settles where a fragment takes about two seconds', () => {
    let size = AUTO_FRAGMENT.start;
    // 5 MB/s link (40 Mbit/s).
    for (let i = 0; i < 10; i++) size = nextFragmentSize(size, size, (size / 5e6) * 1000);
    expect(Math.abs(size - 10e6) / 10e6).toBeLessThan(0.01);
  });

  it('ignores fragments that moved nothing and zero durations', () => {
    expect(nextFragmentSize(8 * MiB, 0, 1000)).toBe(8 * MiB);
    expect(nextFragmentSize(8 * MiB, 8 * MiB, 0)).toBe(16 * MiB);
  });

  it('starts at what a bandwidth limit sends in about two seconds, within 1 and 8 MiB', () => {
    expect(firstFragmentSize(0)).toBe(AUTO_FRAGMENT.start);
    expect(firstFragmentSize(100 * 1024)).toBe(1 * MiB);
    expect(firstFragmentSize(1.5 * MiB)).toBe(3 * MiB);
    expect(firstFragmentSize(100 * MiB)).toBe(AUTO_FRAGMENT.start);
  });
});
