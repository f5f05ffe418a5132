import type { Locator } from '@playwright/test';

/** How a set of controls lies out: on how many lines, and how far the furthest sticks out. */
export interface LineLayout {
  /** Lines of controls (their vertical centres more than 8 px apart start a new one). */
  lines: number;
  /** Pixels past the container's right edge, or past its own scroll box (≤ 0: everything fits). */
  overflow: number;
}

/** The visible elements matching `controls` inside `container`, grouped into lines by their centres. */
export function lineLayout(container: Locator, controls: string): Promise<LineLayout> {
  return container.evaluate((element, selector) => {
    const box = element.getBoundingClientRect();
    const centres: number[] = [];
    let overflow = element.scrollWidth - element.clientWidth;
    for (const control of element.querySelectorAll(selector)) {
      const rect = control.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      centres.push(rect.top + rect.height / 2);
      overflow = Math.max(overflow, rect.right - box.right);
    }
    centres.sort((a, b) => a - b);
    let lines = centres.length > 0 ? 1 : 0;
    for (let i = 1; i < centres.length; i++) if (centres[i]! - centres[i - 1]! > 8) lines++;
    return { lines, overflow: Math.round(overflow) };
  }, controls);
}
