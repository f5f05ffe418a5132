/**
 * Which of the list's DOM rows draws each job in view (the React key of its row).
 *
 * Why: a fast scroll (dragging the scroll thumb, Page Down held) brings a whole page of jobs the
 * previous frame did not show. Keyed by job id, every frame then unmounts one page of rows and
 * builds the next from nothing (about 30 elements and 5 icons each). Here a job that stays in
 * view keeps its row, exactly as a job id key would, and a job coming into view takes over the
 * row of one that left, so React updates text and attributes in place instead of building rows.
 *
 * A row that holds the keyboard focus (one of its buttons) is never handed to another job: the
 * focus would move to that job's button. It is let go instead, as a job id key would let it go.
 */
export class RowSlots {
  private slotOf = new Map<string, number>();
  private next = 0;

  /**
   * The slot of each job in `ids` (the jobs in view): the slot it had if it had one, else one
   * freed by a job that left the view, else a new one. `focused` is a slot that must not change
   * hands.
   */
  assign(ids: readonly string[], focused?: number): ReadonlyMap<string, number> {
    const slots = new Map<string, number>();
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) slots.set(id, slot);
    }
    const free: number[] = [];
    for (const [id, slot] of this.slotOf) if (!slots.has(id) && slot !== focused) free.push(slot);
    // Lowest slot first (free is used from its end), so the same scroll gives the same rows.
    free.sort((a, b) => b - a);
    for (const id of ids) if (!slots.has(id)) slots.set(id, free.pop() ?? this.next++);
    this.slotOf = slots;
    return slots;
  }
}

/** The slot of the row that holds the focus, if a row does (rows carry it in data-slot). */
export function focusedSlot(doc: Document): number | undefined {
  const row = doc.activeElement?.closest('[data-slot]');
  const slot = row?.getAttribute('data-slot');
  return slot == null ? undefined : Number(slot);
}
