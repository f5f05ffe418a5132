import { describe, expect, it } from 'vitest';
import { focusedSlot, RowSlots } from './row-slots.js';

const ids = (from: number, count: number) => Array.from({ length: count }, (_, n) => `job-${from + n}`);

describe('row slots', () => {
  it('a job that stays in view keeps its row while the view moves by one', () => {
    const slots = new RowSlots();
    const before = slots.assign(ids(0, 5));
    const after = slots.assign(ids(1, 5));
    for (const id of ids(1, 4)) expect(after.get(id)).toBe(before.get(id));
    // The job coming in takes the row of the one that left: no new row is built.
    expect(after.get('job-5')).toBe(before.get('job-0'));
  });

  it('a whole new page of jobs takes over the rows of the page that left', () => {
    const slots = new RowSlots();
    const first = new Set(slots.assign(ids(0, 20)).values());
    const next = slots.assign(ids(20, 20));
    expect(new Set(next.values())).toEqual(first);
    expect(next.size).toBe(20);
  });

  it('gives every job in view its own row, also when the view grows', () => {
    const slots = new RowSlots();
    slots.assign(ids(0, 3));
    const grown = slots.assign(ids(2, 6));
    expect(new Set(grown.values()).size).toBe(6);
  });

  it('never hands the focused row to another job: that job gets another row', () => {
    const slots = new RowSlots();
    const before = slots.assign(ids(0, 3));
    const focused = before.get('job-0')!;
    const after = slots.assign(ids(3, 3), focused);
    expect([...after.values()]).not.toContain(focused);
    expect(new Set(after.values()).size).toBe(3);
  });

  it('a reordered view keeps each job in its row', () => {
    const slots = new RowSlots();
    const before = slots.assign(['a', 'b', 'c']);
    const after = slots.assign(['c', 'a', 'b']);
    for (const id of ['a', 'b', 'c']) expect(after.get(id)).toBe(before.get(id));
  });

  it('finds the row that holds the focus from its data-slot', () => {
    document.body.innerHTML = '<div data-slot="7"><button type="button">Cancel</button></div><input>';
    document.querySelector('button')!.focus();
    expect(focusedSlot(document)).toBe(7);
    document.querySelector('input')!.focus();
    expect(focusedSlot(document)).toBeUndefined();
  });
});
