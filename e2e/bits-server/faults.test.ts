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
