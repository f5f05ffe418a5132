import type { App, Protocol, Session } from 'electron';
import { APP_SCHEME } from './app-origin.js';
import { createAppProtocolHandler } from './app-protocol.js';
import { denyAllPermissions, type GuardDeps, guardWebContents } from './web-contents-guard.js';

/** Before 'ready': app:// is a standard, secure scheme (own origin, fetch, no file:// semantics). */
export function setupPrivilegedScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The one guard, on every web contents the app will ever create, and no permissions anywhere. */
export function setupGuards(app: App, session: Session, deps: GuardDeps): void {
  denyAllPermissions(session);
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, deps);
    if (contents.session !== session) denyAllPermissions(contents.session);
  });
}

/** After 'ready': app://bits-uploader/ serves the renderer build with its CSP. */
export function setupAppProtocol(protocol: Protocol, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
}
