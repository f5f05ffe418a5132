import type { Session, WebContents } from 'electron';
import { decideNavigation, decideWindowOpen, type NavigationDecision } from './navigation-policy.js';

export interface GuardDeps {
  /** The renderer's origin (app://bits-uploader, or the loopback dev server in development). */
  appOrigin: string;
  /** Hands an already-vetted http(s) URL to the browser (shell.openExternal). */
  openExternal: (url: string) => void;
  /** Says what was blocked, for the log. */
  log?: (message: string) => void;
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * The one guard every web contents gets (app 'web-contents-created'): navigation away from the
 * app, new windows and <webview> attachment are refused.
 */
export function guardWebContents(contents: Guarded, deps: GuardDeps): void {
  const apply = (decision: NavigationDecision, url: string, prevent: () => void) => {
    if (decision.action === 'allow') return;
    prevent();
    deps.log?.(`Blocked navigation to ${url.slice(0, 200)}`);
    if (decision.openExternally !== undefined) deps.openExternal(decision.openExternally);
  };
  const onNavigate = (event: { url?: string; preventDefault(): void }, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? '';
    apply(decideNavigation(url, deps.appOrigin), url, () => event.preventDefault());
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-frame-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.log?.('Blocked a <webview>.');
  });
  contents.setWindowOpenHandler(({ url }) => {
    apply(decideWindowOpen(url), url, () => undefined);
    return { action: 'deny' };
  });
}

/** No permission is ever granted (camera, notifications-from-web, geolocation, ...): the app needs none. */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
) {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
