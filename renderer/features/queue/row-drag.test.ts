import { describe, expect, it } from 'vitest';
import { makeJob } from '../../testing/fake-bridge.js';
import { dropMoves, dropTarget } from './row-drag.js';

const h1 = makeJob({ fileName: 'h1', priority: 'high' });
const h2 = makeJob({ fileName: 'h2', priority: 'high' });
const n1 = makeJob({ fileName: 'n1' });
const n2 = makeJob({ fileName: 'n2' });
const done = makeJob({ fileName: 'done', state: 'acknowledged' });
const shown = [h1, h2, n1, n2, done];

describe('dropping rows', () => {
  it('goes before the row below, or after the row above at the end of a priority', () => {
    expect(dropTarget(shown, [n2], 2)).toMatchObject({ ok: true, where: { before: n1.id } });
    expect(dropTarget(shown, [h1], 2)).toMatchObject({ ok: true, where: { after: h2.id } });
    expect(dropTarget(shown, [n1], 4)).toMatchObject({ ok: true, where: { after: n2.id } });
    expect(dropTarget(shown, [n1], 5)).toMatchObject({ ok: false, reason: 'Finished jobs keep their place' });
  });

  it('says so when the drop would cross priorities', () => {
    const target = dropTarget(shown, [h1], 3);
    expect(target.ok).toBe(false);
    expect(!target.ok && target.reason).toMatch(/^Stays among High jobs/);
    expect(dropTarget(shown, [h1, n1], 1)).toMatchObject({ ok: false, reason: /one priority/ });
  });

  it('several jobs keep their order: before in order, after in reverse', () => {
    expect(dropMoves([n1, n2], { before: h1.id }).map((m) => m.id)).toEqual([n1.id, n2.id]);
    expect(dropMoves([n1, n2], { after: h1.id }).map((m) => m.id)).toEqual([n2.id, n1.id]);
  });
});
