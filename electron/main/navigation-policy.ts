import { originOf } from './app-origin.js';
import { externalUrl } from './external-url.js';

export type NavigationDecision = { action: 'allow' } | { action: 'deny'; openExternally?: string };

/**
 * What a window may load in place of the app: only pages of the app's own origin (so a reload
 * of the dev server keeps working). A link to the web is opened in the browser instead.
 */
export function decideNavigation(url: string, appOrigin: string): NavigationDecision {
  const origin = originOf(url);
  if (origin !== undefined && origin === appOrigin.toLowerCase()) return { action: 'allow' };
  return denied(url);
}

/** The app never opens a second window: window.open and target=_blank go to the browser, or nowhere. */
export function decideWindowOpen(url: string): NavigationDecision {
  return denied(url);
}

function denied(url: string): NavigationDecision {
  const external = externalUrl(url);
  return external === undefined ? { action: 'deny' } : { action: 'deny', openExternally: external };
}
