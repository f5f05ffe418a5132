import { defaultRangeExtractor, type Range } from '@tanstack/react-virtual';

/**
 * The rows the queue draws: the visible ones, plus a few beyond each edge (overscan) so a slow
 * scroll finds its next rows already drawn.
 *
 * When a scroll jumps by a whole view or more (dragging the scroll thumb moves a page or more
 * per frame), the rows beyond the view would never be seen: the next frame jumps again.
 * Such a frame draws the visible rows only, which is a quarter less work on the frames that are
 * the hardest to keep smooth. The next view that moves less (a slow scroll, a job added, a
 * resize) draws the overscan again. A view left by a jump stays without it until then:
 * the window is idle by that time, so the first rows of a later scroll are drawn in time anyway.
 */
export function createJumpAwareRange(): (range: Range) => number[] {
  let lastView: { start: number; end: number } | undefined;
  return (range) => {
    const view = { start: range.startIndex, end: range.endIndex };
    // Moved by a whole view or more: at most the row on the edge is seen again. Counting that
    // row as an overlap would draw the overscan on every other frame of such a scroll, and the
    // rows added and dropped each time would be built anew.
    const jumped =
      lastView !== undefined && Math.abs(view.start - lastView.start) >= lastView.end - lastView.start;
    lastView = view;
    return defaultRangeExtractor(jumped ? { ...range, overscan: 0 } : range);
  };
}
