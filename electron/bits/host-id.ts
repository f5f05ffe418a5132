import type { SessionState } from '../../shared/session-state.js';
import { protocolError } from './errors.js';

/**
 * The URL of the farm node named by BITS-Host-Id (§9.3): the destination with its host
 * replaced. Scheme, path and query stay; the original port stays unless the value has one;
 * a bare IPv6 literal gets brackets.
 */
export function hostIdUrl(destination: URL, hostId: string): URL {
  const value = hostId.trim();
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(value);
  if (bracketed) {
    host = `[${bracketed[1]}]`;
    port = bracketed[2];
  } else if (/^[0-9a-f:.]+$/i.test(value) && value.split(':').length > 2) {
    host = `[${value}]`;
  } else {
    const named = /^([a-z0-9.-]+|\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/i.exec(value);
    if (!named) {
      throw protocolError(
        `The server named an unusable farm host (BITS-Host-Id: ${JSON.stringify(hostId)}).`,
        'upload',
        {
          headers: [['BITS-Host-Id', hostId]],
        },
      );
    }
    host = named[1]!;
    port = named[2];
  }
  const url = new URL(destination.href);
  try {
    url.host = port ? `${host}:${port}` : host;
    if (!port) url.port = destination.port;
  } catch {
    throw protocolError(
      `The server named an unusable farm host (BITS-Host-Id: ${JSON.stringify(hostId)}).`,
      'upload',
      {
        headers: [['BITS-Host-Id', hostId]],
      },
    );
  }
  if (url.hostname === '' || (url.host === destination.host && hostId.trim() === '')) {
    throw protocolError('The server sent an empty BITS-Host-Id.', 'upload', {
      headers: [['BITS-Host-Id', hostId]],
    });
  }
  return url;
}

/** Where the next packet of this session goes: the farm node, unless the fallback timer fired (§9.3). */
export function packetTarget(destination: URL, state: SessionState, now: number): URL {
  if (!state.hostId || state.hostFallenBack) return destination;
  if (state.hostFallbackDeadline !== undefined && now >= state.hostFallbackDeadline) {
    state.hostFallenBack = true;
    return destination;
  }
  return hostIdUrl(destination, state.hostId);
}

/** A request to the farm node failed: arm the fallback timer if the server gave one and it is not running. */
export function armHostFallback(state: SessionState, now: number): boolean {
  if (!state.hostId || state.hostFallenBack) return false;
  if (state.hostFallbackTimeoutSec === undefined || state.hostFallbackDeadline !== undefined) return false;
  state.hostFallbackDeadline = now + state.hostFallbackTimeoutSec * 1000;
  return true;
}

/** A request to the farm node succeeded: stop the fallback timer. */
export function resetHostFallback(state: SessionState): boolean {
  if (state.hostFallbackDeadline === undefined) return false;
  state.hostFallbackDeadline = undefined;
  return true;
}

export function parseFallbackTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const seconds = Number(text);
  // 0xFFFFFFFF is the protocol's "infinite".
  return seconds >= 0xffffffff ? undefined : seconds;
}
