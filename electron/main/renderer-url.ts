import { APP_ENTRY_URL, originOf } from './app-origin.js';

/** Development only: the Vite dev server the window loads instead of the build. */
export const DEV_SERVER_ENV = 'BITS_UPLOADER_DEV_SERVER_URL';

export interface RendererUrlInput {
  isPackaged: boolean;
  env: NodeJS.ProcessEnv;
}

export interface RendererLocation {
  url: string;
  /** What IPC senders and navigations are checked against. */
  origin: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where the window's page comes from (Motrix 2's lesson: one tested function). A packaged app
 * always loads its own build over app://; in development a loopback http dev server may stand
 * in, and anything else named by the variable is an error rather than a silent remote page.
 */
export function rendererLocation(input: RendererUrlInput): RendererLocation {
  const wanted = input.env[DEV_SERVER_ENV]?.trim();
  if (input.isPackaged || !wanted) return { url: APP_ENTRY_URL, origin: originOf(APP_ENTRY_URL)! };
  let url: URL;
  try {
    url = new URL(wanted);
  } catch {
    throw new Error(`${DEV_SERVER_ENV} is not a URL: ${wanted.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || url.username !== '' || url.password !== '') {
    throw new Error(
      `${DEV_SERVER_ENV} must be an http:// URL on this machine (127.0.0.1, localhost or [::1]), not ${url.origin}.`,
    );
  }
  return { url: url.href, origin: originOf(url.href)! };
}
