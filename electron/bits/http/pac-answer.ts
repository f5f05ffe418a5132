import { type ProxyEndpoint, parseProxyUrl } from './proxy-config.js';

/** One entry of a PAC answer: a proxy to try, or a direct connection. */
export type PacCandidate = { kind: 'proxy'; proxy: ProxyEndpoint } | { kind: 'direct' };

export interface PacAnswer {
  /** What we can use, in the script's order. */
  candidates: PacCandidate[];
  /** Entries we cannot use (SOCKS, HTTPS proxies), kept for the message when nothing else is left. */
  skipped: string[];
}

/**
 * "PROXY a:1; PROXY b:2; DIRECT" (the Netscape PAC format) into candidates. HTTP is the
 * Firefox/Chrome spelling of PROXY. SOCKS and HTTPS-to-the-proxy are skipped: we only speak HTTP
 * proxies. An empty or missing answer means DIRECT, as in every browser.
 */
export function parsePacAnswer(answer: unknown, credentials?: { user: string; password: string }): PacAnswer {
  const text = typeof answer === 'string' ? answer.trim() : '';
  if (!text) return { candidates: [{ kind: 'direct' }], skipped: [] };
  const candidates: PacCandidate[] = [];
  const skipped: string[] = [];
  for (const entry of text.split(';')) {
    const words = entry.trim().split(/\s+/);
    const keyword = words[0]?.toUpperCase();
    if (!keyword) continue;
    if (keyword === 'DIRECT') {
      candidates.push({ kind: 'direct' });
    } else if ((keyword === 'PROXY' || keyword === 'HTTP') && words[1]) {
      try {
        candidates.push({ kind: 'proxy', proxy: parseProxyUrl(words[1], credentials) });
      } catch {
        skipped.push(entry.trim());
      }
    } else {
      skipped.push(entry.trim());
    }
  }
  return { candidates, skipped };
}
