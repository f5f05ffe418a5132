import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export type Theme = 'light' | 'dark';

/** Both ways a theme is chosen: the OS preference (emulated) and the app's data-theme attribute. */
export async function useTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate((value) => {
    (
      globalThis as unknown as { document: { documentElement: { setAttribute(n: string, v: string): void } } }
    ).document.documentElement.setAttribute('data-theme', value);
  }, theme);
}

/** axe-core's WCAG 2.1 A/AA rules; only serious and critical findings, one line each. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}): ${v.help}: ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(' '))
          .join(', ')}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''}`,
    );
}

/** What one Tab press landed on. */
export interface FocusStop {
  /** tag, id, role and accessible-ish name, for messages. */
  label: string;
  /** Where it sits: 'rail', 'header' (the destination bar), 'grid', 'panel' or 'other'. */
  region: string;
  /** An outline or a box-shadow drawn while it has keyboard focus. */
  ring: boolean;
}

interface El {
  tagName: string;
  id: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  closest(selector: string): El | null;
  matches(selector: string): boolean;
  textContent: string | null;
}
interface Doc {
  activeElement: El | null;
  body: El;
  querySelectorAll(selector: string): El[];
}
interface Win {
  document: Doc;
  getComputedStyle(element: El): {
    outlineStyle: string;
    outlineWidth: string;
    outlineColor: string;
    boxShadow: string;
    visibility: string;
    display: string;
  };
}

/** The element that has focus now, described, and marked as reached (data-tab-reached). */
function describeFocus(): FocusStop | undefined {
  const w = globalThis as unknown as Win;
  const element = w.document.activeElement;
  if (!element || element === w.document.body) return undefined;
  element.setAttribute('data-tab-reached', '');
  const style = w.getComputedStyle(element);
  const outline =
    style.outlineStyle !== 'none' &&
    Number.parseFloat(style.outlineWidth) > 0 &&
    !/rgba\(.*,\s*0\)$|transparent/.test(style.outlineColor);
  const ring = element.matches(':focus-visible') && (outline || style.boxShadow !== 'none');
  const region = element.closest('.view-rail')
    ? 'rail'
    : element.closest('header')
      ? 'header'
      : element.getAttribute('role') === 'grid' || element.closest('[role="grid"]')
        ? 'grid'
        : element.closest('[role="tabpanel"]')
          ? 'panel'
          : 'other';
  const labels = (element as unknown as { labels?: ArrayLike<{ textContent: string | null }> }).labels;
  const name =
    element.getAttribute('aria-label') ??
    (labels?.[0]?.textContent || element.textContent)?.trim().slice(0, 40) ??
    '';
  const role = element.getAttribute('role') ?? element.tagName.toLowerCase();
  return { label: `${role}${element.id ? `#${element.id}` : ''} “${name}”`, region, ring };
}

/**
 * Presses Tab from the top of the page until focus comes round again (or `limit` presses),
 * recording each stop. Reached elements are marked, so unreached controls can be listed after.
 */
export async function tabThrough(page: Page, limit = 400): Promise<FocusStop[]> {
  await page.evaluate(() => {
    const w = globalThis as unknown as Win & { document: { activeElement: { blur?(): void } | null } };
    for (const element of w.document.querySelectorAll('[data-tab-reached]'))
      (element as unknown as { removeAttribute(n: string): void }).removeAttribute('data-tab-reached');
    w.document.activeElement?.blur?.();
  });
  const stops: FocusStop[] = [];
  let first: string | undefined;
  for (let press = 0; press < limit; press++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(describeFocus);
    if (!stop) continue;
    if (stop.label === first) break;
    first ??= stop.label;
    stops.push(stop);
  }
  return stops;
}

/** Controls in the view's panel that Tab can reach in principle (enabled, shown, not tabindex=-1) but did not. */
export function unreachedInPanel(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as Win;
    const candidates = Array.from(
      w.document.querySelectorAll(
        // An unchecked radio is reached by arrows inside its group, not by Tab.
        '[role="tabpanel"] :is(a[href], button, input, select, textarea, summary, [tabindex]):not([disabled]):not([tabindex="-1"]):not([type="radio"]:not(:checked))',
      ),
    );
    return candidates
      .filter((element) => {
        const style = w.getComputedStyle(element);
        const box = (element as unknown as { getClientRects(): { length: number } }).getClientRects();
        return style.visibility !== 'hidden' && style.display !== 'none' && box.length > 0;
      })
      .filter((element) => !element.matches('[data-tab-reached]'))
      .map(
        (element) =>
          `${element.tagName.toLowerCase()} “${element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40)}”`,
      );
  });
}
