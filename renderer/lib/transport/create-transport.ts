import { type BitsBridge, BRIDGE_GLOBAL } from '../../../shared/contract/bridge.js';
import { takeAccessToken } from './access-token.js';
import { ElectronTransport } from './electron-transport.js';
import { HttpTransport } from './http-transport.js';
import type { Transport } from './transport.js';

export type TransportChoice = { ok: true; transport: Transport } | { ok: false; reason: 'no-token' };

/** Electron when the preload bridge exists, else the serve host this page came from. */
export function createTransport(win: Window): TransportChoice {
  const bridge = (win as unknown as Record<string, BitsBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return { ok: true, transport: new ElectronTransport(bridge) };
  const token = takeAccessToken(win.location, win.sessionStorage, win.history);
  if (!token) return { ok: false, reason: 'no-token' };
  return { ok: true, transport: new HttpTransport({ origin: win.location.origin, token }) };
}
