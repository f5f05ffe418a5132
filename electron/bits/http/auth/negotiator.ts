import type { Challenge } from './challenge.js';
import { strongestDigest } from './digest.js';

export type SchemeName = 'Negotiate' | 'NTLM' | 'Digest' | 'Basic';

/** Strongest first: the order in which we take what a server offers. */
export const SPOKEN: readonly SchemeName[] = ['Negotiate', 'NTLM', 'Digest', 'Basic'];

export interface SchemeChoice {
  scheme: SchemeName;
  challenge: Challenge;
}

const named = (challenges: readonly Challenge[], scheme: string) =>
  challenges.find((c) => c.scheme.toLowerCase() === scheme.toLowerCase());

/**
 * The strongest scheme we speak among those offered, or undefined. Negotiate wins when Kerberos
 * can be tried or when NTLM is not offered on its own (we then speak NTLM inside Negotiate).
 */
export function chooseScheme(
  challenges: readonly Challenge[],
  options: { kerberos: boolean },
): SchemeChoice | undefined {
  const negotiate = named(challenges, 'Negotiate');
  const ntlm = named(challenges, 'NTLM');
  if (negotiate && (options.kerberos || !ntlm)) return { scheme: 'Negotiate', challenge: negotiate };
  if (ntlm) return { scheme: 'NTLM', challenge: ntlm };
  const digest = strongestDigest(challenges);
  if (digest) return { scheme: 'Digest', challenge: digest };
  const basic = named(challenges, 'Basic');
  if (basic) return { scheme: 'Basic', challenge: basic };
  return undefined;
}
