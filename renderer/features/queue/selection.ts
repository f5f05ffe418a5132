/** The queue's selection: the ids chosen, the anchor a shift-click extends from, the focused row. */
export interface Selection {
  ids: ReadonlySet<string>;
  anchor: string | undefined;
  focus: string | undefined;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: undefined, focus: undefined };

/** A click: alone it selects one row; ctrl/cmd toggles a row; shift selects from the anchor. */
export function clickSelect(
  selection: Selection,
  order: readonly string[],
  id: string,
  modifiers: { shift?: boolean; toggle?: boolean },
): Selection {
  if (modifiers.shift && selection.anchor !== undefined) {
    return { ids: new Set(span(order, selection.anchor, id)), anchor: selection.anchor, focus: id };
  }
  if (modifiers.toggle) {
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id, focus: id };
  }
  return { ids: new Set([id]), anchor: id, focus: id };
}

/** Arrow keys: move the focus by `delta` rows; with shift the selection extends from the anchor. */
export function moveSelect(
  selection: Selection,
  order: readonly string[],
  delta: number,
  extend: boolean,
): Selection {
  if (order.length === 0) return selection;
  const at = selection.focus === undefined ? -1 : order.indexOf(selection.focus);
  const next = order[Math.min(order.length - 1, Math.max(0, at === -1 ? 0 : at + delta))]!;
  return clickSelect(selection, order, next, { shift: extend });
}

export function selectAll(order: readonly string[], selection: Selection): Selection {
  return { ids: new Set(order), anchor: selection.anchor ?? order[0], focus: selection.focus ?? order[0] };
}

/** Drops ids no longer listed (removed jobs), keeping the rest. */
export function pruneSelection(selection: Selection, listed: ReadonlySet<string>): Selection {
  if ([...selection.ids].every((id) => listed.has(id)) && (!selection.focus || listed.has(selection.focus)))
    return selection;
  return {
    ids: new Set([...selection.ids].filter((id) => listed.has(id))),
    anchor: selection.anchor && listed.has(selection.anchor) ? selection.anchor : undefined,
    focus: selection.focus && listed.has(selection.focus) ? selection.focus : undefined,
  };
}

function span(order: readonly string[], from: string, to: string): string[] {
  const a = order.indexOf(from);
  const b = order.indexOf(to);
  if (a === -1 || b === -1) return [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}
