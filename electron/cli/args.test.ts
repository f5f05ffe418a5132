import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseDuration, parseSize, parseUser, UsageError } from './args.js';

const parse = (...argv: string[]) => parseCommandLine(argv, '/home/ann');
const upload = (...argv: string[]) => {
  const parsed = parse('upload', ...argv);
  if (parsed.kind !== 'upload') throw new Error(`parsed as ${parsed.kind}`);
  return parsed.args;
};
const usage = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a usage error');
};

describe('parseCommandLine', () => {
  it('parses upload with every option, resolving paths against the working folder', () => {
    const args = upload(
      'data/report.pdf',
      'https://server.example/up/report.pdf#frag',
      '--reply',
      'out/reply.xml',
      '--fragment-size',
      '512K',
      '--header',
      'X-Tenant: 7',
      '--header',
      'X-Trace:abc',
      '--user',
      'ann:pa:ss',
      '--ca',
      'ca.pem',
      '--json',
      '--data-dir',
      '/var/bits',
      '--priority',
      'HIGH',
      '--give-up-after',
      '10m',
    );
    expect(args).toEqual({
      file: '/home/ann/data/report.pdf',
      url: 'https://server.example/up/report.pdf',
      replyPath: '/home/ann/out/reply.xml',
      fragmentSize: 512 * 1024,
      headers: [
        ['X-Tenant', '7'],
        ['X-Trace', 'abc'],
      ],
      user: { user: 'ann', password: 'pa:ss' },
      caFile: '/home/ann/ca.pem',
      json: true,
      dataDir: '/var/bits',
      priority: 'high',
      giveUpAfterSeconds: 600,
    });
  });

  it('leaves optional settings undefined so the core decides', () => {
    const args = upload('a.bin', 'http://h/up/a.bin');
    expect(args).toMatchObject({ json: false, headers: [] });
    expect(args.replyPath ?? args.fragmentSize ?? args.priority ?? args.dataDir ?? args.user).toBeUndefined();
  });

  it('parses check', () => {
    expect(parse('check', 'http://h/up/a.bin', '--json', '--user', 'bob')).toEqual({
      kind: 'check',
      args: { url: 'http://h/up/a.bin', headers: [], user: { user: 'bob' }, caFile: undefined, json: true },
    });
  });

  it('recognises help and version everywhere they make sense', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('-h')).toEqual({ kind: 'help' });
    expect(parse('help', 'check')).toEqual({ kind: 'help', topic: 'check' });
    expect(parse('upload', '--help')).toEqual({ kind: 'help', topic: 'upload' });
    // Even with a broken rest of the line: the user is asking how it works.
    expect(parse('upload', '--bogus', '-h')).toEqual({ kind: 'help', topic: 'upload' });
    expect(parse('--version')).toEqual({ kind: 'version' });
  });

  it('rejects unknown commands and options with short messages', () => {
    expect(usage()).toBe('no command given.');
    expect(usage('uplod')).toBe('unknown command "uplod".');
    expect(usage('--verbose')).toBe('unknown option --verbose.');
    expect(usage('upload', 'a', 'http://h/a', '--colour')).toBe('unknown option --colour.');
    expect(usage('upload', 'a', 'http://h/a', '--reply')).toBe('option --reply needs a value.');
    expect(usage('upload', 'a', 'http://h/a', '--json=yes')).toBe('option --json does not take a value.');
  });

  it('checks the positional arguments', () => {
    expect(usage('upload', 'a.bin')).toMatch(/needs a file and a URL/);
    expect(usage('upload', 'a.bin', 'http://h/a', 'extra')).toMatch(/unexpected argument "extra"/);
    expect(usage('check')).toMatch(/needs a URL/);
  });

  it('validates the URL', () => {
    expect(usage('upload', 'a', 'not a url')).toMatch(/not a valid URL/);
    expect(usage('upload', 'a', 'ftp://h/a')).toMatch(/http:\/\/ or https:\/\//);
    expect(usage('check', 'http://ann:pw@h/a')).toMatch(/--user, not in the URL/);
  });

  it('validates headers with the protocol layer (no header injection)', () => {
    expect(usage('upload', 'a', 'http://h/a', '--header', 'NoColon')).toMatch(/Name: value/);
    expect(usage('upload', 'a', 'http://h/a', '--header', 'X-A: 1\r\nX-B: 2')).toMatch(/line break/);
    expect(usage('upload', 'a', 'http://h/a', '--header', 'Content-Length: 5')).toMatch(
      /cannot be overridden/,
    );
  });

  it('validates priority and give-up-after', () => {
    expect(usage('upload', 'a', 'http://h/a', '--priority', 'urgent')).toMatch(
      /foreground, high, normal, low/,
    );
    expect(usage('upload', 'a', 'http://h/a', '--give-up-after', 'soon')).toMatch(/not a duration/);
  });
});

describe('parseSize', () => {
  it.each([
    ['65536', 65536],
    ['512K', 512 * 1024],
    ['512k', 512 * 1024],
    ['8M', 8 * 1024 ** 2],
    ['8MiB', 8 * 1024 ** 2],
    ['8 MB', 8 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1.5M', 1.5 * 1024 ** 2],
    ['5K', 5 * 1024],
  ])('%s is %d bytes', (raw, bytes) => {
    expect(parseSize(raw)).toBe(bytes);
  });

  it.each(['', 'big', '-1', '4K', '5G', '8T'])('rejects %j', (raw) => {
    expect(() => parseSize(raw)).toThrow(UsageError);
  });
});

describe('parseUser', () => {
  it('splits at the first colon only', () => {
    expect(parseUser('ann:a:b:c')).toEqual({ user: 'ann', password: 'a:b:c' });
    expect(parseUser('ann:')).toEqual({ user: 'ann', password: '' });
    expect(parseUser('ann')).toEqual({ user: 'ann' });
    // Domain accounts keep their domain part (NTLM sends it): DOMAIN\user and user@domain.
    expect(parseUser('CORP\\ann:pw')).toEqual({ user: 'CORP\\ann', password: 'pw' });
    expect(parseUser('ann@corp.example:p@ss')).toEqual({ user: 'ann@corp.example', password: 'p@ss' });
    expect(() => parseUser(':pw')).toThrow(/user name/);
  });
});

describe('parseDuration', () => {
  it('reads seconds and s/m/h', () => {
    expect(parseDuration('45')).toBe(45);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('2m')).toBe(120);
    expect(parseDuration('1h')).toBe(3600);
    expect(() => parseDuration('0')).toThrow(UsageError);
  });
});
