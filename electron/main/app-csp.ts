import { RENDERER_CSP } from '../../shared/renderer-page.js';

/**
 * The renderer's Content-Security-Policy, sent as a header with every page of app://. The
 * renderer needs no network and no inline code: everything comes from its own build.
 */
export const APP_CSP = RENDERER_CSP;

/** Headers of every app:// response. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}
