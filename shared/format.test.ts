import { describe, expect, it } from 'vitest';
import { formatBytes, formatEta, formatPercent, formatSpeed, percentOf } from './format.js';

describe('formatBytes', () => {
  it('shows exact bytes below 1 KiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1)).toBe('1 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('uses binary units with one decimal for KiB and MiB, two from GiB', () => {
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(4 * 1024 ** 3)).toBe('4.00 GiB');
    expect(formatBytes(1.5 * 1024 ** 4)).toBe('1.50 TiB');
  });

  it('rolls over to the next unit instead of printing 1024.0', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB');
    expect(formatBytes(1024 ** 3 - 1)).toBe('1.00 GiB');
  });

  it('copes with odd input', () => {
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-2048)).toBe('-2.0 KiB');
    expect(formatBytes(10.6)).toBe('11 B');
  });
});

describe('formatSpeed', () => {
  it('formats bytes per second', () => {
    expect(formatSpeed(12.3 * 1024 * 1024)).toBe('12.3 MiB/s');
    expect(formatSpeed(0)).toBe('0 B/s');
  });

  it('shows a dash when unknown', () => {
    expect(formatSpeed(undefined)).toBe('—');
    expect(formatSpeed(-1)).toBe('—');
    expect(formatSpeed(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatEta', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatEta(3)).toBe('3 s');
    expect(formatEta(4 * 60 + 5)).toBe('4 min 05 s');
    expect(formatEta(2 * 3600 + 13 * 60 + 40)).toBe('2 h 13 min');
    expect(formatEta(3600)).toBe('1 h 00 min');
  });

  it('rounds up and never goes negative', () => {
    expect(formatEta(2.1)).toBe('3 s');
    expect(formatEta(59.5)).toBe('1 min 00 s');
    expect(formatEta(-5)).toBe('0 s');
  });

  it('shows a dash when unknown and caps absurd values', () => {
    expect(formatEta(undefined)).toBe('—');
    expect(formatEta(Number.NaN)).toBe('—');
    expect(formatEta(86_400)).toBe('24 h 00 min');
    expect(formatEta(86_401)).toBe('more than a day');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('more than a day');
  });
});

describe('formatPercent', () => {
  it('rounds down so 100% means everything', () => {
    expect(formatPercent(0, 100)).toBe('0%');
    expect(formatPercent(37, 100)).toBe('37%');
    expect(formatPercent(9999, 10_000)).toBe('99%');
    expect(formatPercent(100, 100)).toBe('100%');
  });

  it('treats a zero-byte file as 0% until done, then 100%', () => {
    expect(formatPercent(0, 0)).toBe('0%');
    expect(formatPercent(0, 0, true)).toBe('100%');
  });

  it('clamps values outside 0..total', () => {
    expect(percentOf(150, 100)).toBe(100);
    expect(percentOf(-1, 100)).toBe(0);
  });
});
