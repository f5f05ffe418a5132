import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('maps flags to server options', () => {
    const parsed = parseCliArgs([
      '--root',
      '/tmp/r',
      '--port',
      '8080',
      '--storage',
      'discard',
      '--max-fragment',
      '1048576',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: { root: '/tmp/r', port: 8080, storage: 'discard', maxFragmentBytes: 1048576 },
    });
  });

  it('reads TLS files, host id and overwrite policy', () => {
    const parsed = parseCliArgs([
      '--root',
      'r',
      '--tls-key',
      'k.pem',
      '--tls-cert',
      'c.pem',
      '--host-id',
      'node7',
      '--no-overwrite',
      '--duplicates-416',
      '--close-silently',
      '--ignore-repr-digest',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      options: {
        hostId: 'node7',
        allowOverwrites: false,
        duplicateStatus: 416,
        closeSilently: true,
        ignoreReprDigest: true,
      },
      tlsFiles: { key: 'k.pem', cert: 'c.pem' },
    });
  });

  it('refuses missing roots, bad numbers, unknown flags and half a TLS pair', () => {
    for (const argv of [
      [],
      ['--root', 'r', '--port', '8o'],
      ['--root', 'r', '--nope'],
      ['--root', 'r', '--tls-key', 'k'],
      ['--root', 'r', '--storage', 'ram'],
    ]) {
      expect(parseCliArgs(argv).ok).toBe(false);
    }
  });
});

describe('parseCliArgs: fault rates', () => {
  it('turns --fault kind:rate into endless seeded rules, one seed per rule', () => {
    const parsed = parseCliArgs([
      '--root',
      'r',
      '--fault',
      'cut-mid-body:0.25',
      '--fault',
      '503:0.1',
      '--fault-seed',
      '9',
    ]);
    expect(parsed.ok && parsed.faults).toEqual([
      {
        match: { packet: 'Fragment' },
        action: { type: 'cut-mid-body' },
        times: Infinity,
        rate: 0.25,
        seed: 9,
      },
      {
        match: { method: 'BITS_POST' },
        action: { type: 'status', status: 503 },
        times: Infinity,
        rate: 0.1,
        seed: 10,
      },
    ]);
  });

  it('says what is wrong with a malformed fault', () => {
    for (const [spec, message] of [
      ['lose-everything:0.5', /one of 503, cut-mid-body, drop-ack/],
      ['drop-ack:2', /between 0 and 1/],
      ['drop-ack:', /between 0 and 1/],
    ] as const) {
      const parsed = parseCliArgs(['--root', 'r', '--fault', spec]);
      expect(parsed.ok ? '' : parsed.message).toMatch(message);
    }
    const seed = parseCliArgs(['--root', 'r', '--fault-seed', 'x']);
    expect(seed.ok ? '' : seed.message).toMatch(/--fault-seed/);
  });

  it('reads --auth with its accounts, realm and Kerberos service', () => {
    const parsed = parseCliArgs([
      '--root',
      'r',
      '--auth',
      'negotiate',
      '--auth-user',
      'CORP\\ann:pa:ss',
      '--auth-user',
      'bob@corp.example:x',
      '--kerberos-service',
      'HTTP@localhost',
    ]);
    expect(parsed.ok && parsed.options.auth).toEqual({
      scheme: 'negotiate',
      users: { 'CORP\\ann': 'pa:ss', 'bob@corp.example': 'x' },
      kerberosService: 'HTTP@localhost',
    });
    const digest = parseCliArgs([
      '--root',
      'r',
      '--auth',
      'digest',
      '--auth-user',
      'ann:p',
      '--auth-realm',
      'R',
    ]);
    expect(digest.ok && digest.options.auth).toEqual({ scheme: 'digest', users: { ann: 'p' }, realm: 'R' });
  });

  it('says what is wrong with malformed --auth flags', () => {
    for (const [args, message] of [
      [['--auth', 'bearer', '--auth-user', 'a:b'], /one of basic, digest, ntlm, negotiate/],
      [['--auth', 'ntlm'], /at least one --auth-user/],
      [['--auth', 'ntlm', '--auth-user', 'nocolon'], /name:password/],
      [['--auth-user', 'a:b'], /need --auth/],
      [['--auth', 'digest', '--auth-user', 'a:b', '--kerberos-service', 'HTTP@x'], /--auth negotiate/],
    ] as const) {
      const parsed = parseCliArgs(['--root', 'r', ...args]);
      expect(parsed.ok ? '' : parsed.message).toMatch(message);
    }
  });
});
