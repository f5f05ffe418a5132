import { describe, expect, it } from 'vitest';
import { FaultController, type FaultSubject } from './faults.js';

const fragmentAt = (first: number, final = false): FaultSubject => ({
  method: 'BITS_POST',
  packet: 'Fragment',
  range: { first, final },
});
const ping: FaultSubject = { method: 'BITS_POST', packet: 'Ping', range: undefined };
const get: FaultSubject = { method: 'GET', packet: undefined, range: undefined };

describe('FaultController', () => {
  it('fires once by default, on the first matching request', () => {
    const faults = new FaultController();
    const rule = faults.add({ match: { packet: 'Fragment' }, action: { type: 'drop-ack' } });
    expect(faults.pick(ping)).toBeUndefined();
    expect(faults.pick(fragmentAt(0))).toBe(rule);
    expect(faults.pick(fragmentAt(10))).toBeUndefined();
    expect(rule.fired).toBe(1);
  });

  it('nth counts only requests matching the other fields; times bounds the firings', () => {
    const faults = new FaultController();
    const rule = faults.add({
      match: { packet: 'Fragment', nth: 2 },
      action: { type: 'too-large' },
      times: 2,
    });
    const fired = [fragmentAt(0), ping, fragmentAt(1), fragmentAt(2), fragmentAt(3)].map(
      (s) => faults.pick(s) === rule,
    );
    expect(fired).toEqual([false, false, true, true, false]);
    expect(rule.fired).toBe(2);
  });

  it('minOffset and final select fragments; method is case-insensitive', () => {
    const faults = new FaultController();
    const late = faults.add({
      match: { minOffset: 100 },
      action: { type: 'forget-session' },
      times: Infinity,
    });
    const last = faults.add({ match: { final: true }, action: { type: 'drop-ack' } });
    const gets = faults.add({ match: { method: 'get' }, action: { type: 'cut-response', afterBytes: 1 } });
    expect(faults.pick(fragmentAt(99))).toBeUndefined();
    expect(faults.pick(fragmentAt(100))).toBe(late);
    expect(faults.pick(fragmentAt(5000))).toBe(late);
    // Checked in the order added: the earlier live rule wins.
    expect(faults.pick(fragmentAt(200, true))).toBe(late);
    expect(faults.pick(fragmentAt(0, true))).toBe(last);
    expect(faults.pick(get)).toBe(gets);
    expect(late.fired).toBe(3);
  });

  it('clear() removes every rule', () => {
    const faults = new FaultController();
    faults.add({ match: {}, action: { type: 'close-after' } });
    faults.clear();
    expect(faults.rules).toHaveLength(0);
    expect(faults.pick(ping)).toBeUndefined();
  });
});

describe('FaultController: fault rates', () => {
  const pattern = (seed: number) => {
    const faults = new FaultController();
    const rule = faults.add({
      match: { packet: 'Fragment' },
      action: { type: 'drop-ack' },
      times: Infinity,
      rate: 0.25,
      seed,
    });
    const fired = Array.from({ length: 400 }, (_, i) => faults.pick(fragmentAt(i)) === rule);
    return { fired, rule };
  };

  it('fires on about the given share of matching requests, the same ones for the same seed', () => {
    const a = pattern(7);
    expect(a.rule.fired).toBeGreaterThan(70);
    expect(a.rule.fired).toBeLessThan(130);
    expect(pattern(7).fired).toEqual(a.fired);
    expect(pattern(8).fired).not.toEqual(a.fired);
  });

  it('does not draw for requests the rule does not match', () => {
    const alone = pattern(3).fired.slice(0, 50);
    const faults = new FaultController();
    const rule = faults.add({
      match: { packet: 'Fragment' },
      action: { type: 'drop-ack' },
      times: Infinity,
      rate: 0.25,
      seed: 3,
    });
    const withPings = Array.from({ length: 50 }, (_, i) => {
      faults.pick(ping);
      return faults.pick(fragmentAt(i)) === rule;
    });
    expect(withPings).toEqual(alone);
    expect(rule.matched).toBe(50);
  });

  it('refuses a rate outside 0-1', () => {
    expect(() => new FaultController().add({ action: { type: 'drop-ack' }, rate: 1.5 })).toThrow(
      /between 0 and 1/,
    );
  });
});
