import { describe, expect, it } from 'vitest';
import { createJumpAwareRange } from './jump-range.js';

const view = (startIndex: number, endIndex: number) => ({ startIndex, endIndex, overscan: 3, count: 10_000 });
const span = (indexes: number[]) => [indexes[0], indexes.at(-1)];

describe('the rows the queue draws', () => {
  it('draws three rows beyond each edge of the first view, and never past the list', () => {
    expect(span(createJumpAwareRange()(view(0, 17)))).toEqual([0, 20]);
    expect(span(createJumpAwareRange()(view(9_982, 9_999)))).toEqual([9_979, 9_999]);
  });

  it('keeps them while a scroll moves the view a few rows at a time', () => {
    const rows = createJumpAwareRange();
    rows(view(100, 117));
    expect(span(rows(view(104, 121)))).toEqual([101, 124]);
    expect(span(rows(view(116, 133)))).toEqual([113, 136]);
  });

  it('draws only the rows in view when the scroll jumps by a whole view or more', () => {
    const rows = createJumpAwareRange();
    rows(view(0, 17));
    expect(span(rows(view(18, 35)))).toEqual([18, 35]);
    expect(span(rows(view(500, 517)))).toEqual([500, 517]);
    // Back up the list, a page at a time (the scroll thumb dragged upwards).
    expect(span(rows(view(482, 499)))).toEqual([482, 499]);
  });

  it('counts a page that shows the last row of the one before again as a jump, every frame', () => {
    // Scrolling by the list's height shows the half-visible bottom row again at the top.
    const rows = createJumpAwareRange();
    rows(view(0, 18));
    expect(span(rows(view(18, 36)))).toEqual([18, 36]);
    expect(span(rows(view(36, 54)))).toEqual([36, 54]);
  });

  it('draws them again on the first view that moves less, as the scroll slows', () => {
    const rows = createJumpAwareRange();
    rows(view(0, 17));
    rows(view(500, 517));
    expect(span(rows(view(502, 519)))).toEqual([499, 522]);
  });
});
