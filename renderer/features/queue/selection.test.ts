import { describe, expect, it } from 'vitest';
import { clickSelect, moveSelect, NO_SELECTION, pruneSelection, selectAll } from './selection.js';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('queue selection', () => {
  it('a click selects one row, ctrl/cmd toggles, shift selects the span from the anchor', () => {
    let s = clickSelect(NO_SELECTION, order, 'b', {});
    expect(ids(s)).toEqual(['b']);
    s = clickSelect(s, order, 'd', { toggle: true });
    expect(ids(s)).toEqual(['b', 'd']);
    s = clickSelect(s, order, 'b', { toggle: true });
    expect(ids(s)).toEqual(['d']);
    // The anchor is the row clicked last (b, even though it was toggled off).
    s = clickSelect(s, order, 'a', { shift: true });
    expect(ids(s)).toEqual(['a', 'b']);
    s = clickSelect(s, order, 'd', { shift: true });
    expect(ids(s)).toEqual(['b', 'c', 'd']);
    s = clickSelect(s, order, 'e', {});
    expect(ids(s)).toEqual(['e']);
  });

  it('arrows move and shift+arrows extend, stopping at the ends', () => {
    let s = moveSelect(NO_SELECTION, order, 1, false);
    expect(ids(s)).toEqual(['a']);
    s = moveSelect(s, order, 1, false);
    expect(ids(s)).toEqual(['b']);
    s = moveSelect(moveSelect(s, order, 1, true), order, 1, true);
    expect(ids(s)).toEqual(['b', 'c', 'd']);
    s = moveSelect(s, order, 10, false);
    expect(s.focus).toBe('e');
    expect(moveSelect(s, order, -10, false).focus).toBe('a');
  });

  it('select all takes every row; removed jobs leave the selection', () => {
    const all = selectAll(order, NO_SELECTION);
    expect(ids(all)).toEqual(order);
    const pruned = pruneSelection({ ...all, focus: 'c' }, new Set(['a', 'b']));
    expect(ids(pruned)).toEqual(['a', 'b']);
    expect(pruned.focus).toBeUndefined();
  });
});
