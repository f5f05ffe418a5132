import type { Channel } from '../../shared/contract/channels.js';

/**
 * Malformed payloads for a channel, generated from a valid one: wrong top-level shapes, every
 * field replaced by hostile values or removed, prototype keys, huge, deep and control-laden values.
 * Deterministic for a given `random`, so a failure can be replayed.
 */
const HOSTILE_VALUES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Number.MAX_VALUE,
  2 ** 53 + 1,
  '',
  ' ',
  'x',
  '\r\nX-Injected: 1',
  'a\0b',
  '\u202e\ufeff',
  '../../../../etc/passwd',
  '/dev/zero',
  '/proc/self/environ',
  'http://127.0.0.1:0/x',
  'javascript:alert(1)',
  'x'.repeat(100_000),
  true,
  false,
  [],
  [null],
  ['a', 'b', 'c'],
  {},
  { length: 1e9 },
  // zod compares `length` with a number: JSON can make that comparison throw.
  JSON.parse('{"length": {"toString": 0}}'),
  { toString: 'boom' },
  JSON.parse('{"then": "not a promise"}'),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  Object.create(null),
  new Date(0),
  10n,
  deep(200),
];

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { nested: value, list: [value] };
  return value;
}

const TOP_LEVEL: unknown[] = [
  0,
  'jobs',
  true,
  [],
  [{}],
  Number.NaN,
  JSON.parse('{"__proto__": {"id": "x"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  Object.create(null),
  deep(50),
  10n,
  new Map([['id', 'x']]),
];

export function malformedPayloads(
  valid: Record<string, unknown>,
  count: number,
  random: () => number,
): unknown[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const keys = Object.keys(valid);
  const systematic: unknown[] = [];
  // Each field without its value, and with every hostile value.
  for (const key of keys) {
    const { [key]: _dropped, ...without } = valid;
    systematic.push(without);
    for (const value of HOSTILE_VALUES) systematic.push({ ...valid, [key]: value });
  }
  // A fair sample of those, then random mixtures: nested fields replaced, several at once.
  const mixtures = Math.max(25, count - TOP_LEVEL.length - systematic.length);
  const sampled = shuffle(systematic, random).slice(0, Math.max(0, count - TOP_LEVEL.length - mixtures));
  const payloads: unknown[] = [...TOP_LEVEL, ...sampled];
  while (payloads.length < count) {
    const payload = structuredCloneLoose(valid);
    const changes = 1 + Math.floor(random() * 3);
    for (let i = 0; i < changes; i++) mutateSomewhere(payload, pick, random);
    payloads.push(payload);
  }
  return payloads;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function mutateSomewhere(
  payload: Record<string, unknown>,
  pick: <T>(items: readonly T[]) => T,
  random: () => number,
): void {
  let target: Record<string, unknown> | unknown[] = payload;
  // Walk down into a nested object or array now and then (changes.headers[0][1], jobs[0].url).
  for (let depth = 0; depth < 3; depth++) {
    const keys = Object.keys(target);
    if (keys.length === 0) break;
    const key = pick(keys);
    const next = (target as Record<string, unknown>)[key];
    if (next !== null && typeof next === 'object' && random() < 0.6) {
      target = next as Record<string, unknown>;
      continue;
    }
    setOwn(target, key, pick(HOSTILE_VALUES));
    return;
  }
  setOwn(target, pick(['__proto__', 'constructor', 'prototype', 'extra']), pick(HOSTILE_VALUES));
}

/** An own property even for "__proto__" (as JSON.parse makes it), never a prototype change. */
function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** structuredClone that keeps what it cannot clone by reference (hostile values are read-only here). */
function structuredCloneLoose<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export type ValidPayloads = Record<Channel, Record<string, unknown>>;
