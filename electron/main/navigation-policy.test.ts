import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './app-origin.js';
import { externalUrl } from './external-url.js';
import { decideNavigation, decideWindowOpen } from './navigation-policy.js';

describe('decideNavigation', () => {
  it('allows pages of the app origin only', () => {
    expect(decideNavigation('app://bits-uploader/index.html', APP_ORIGIN)).toEqual({ action: 'allow' });
    expect(decideNavigation('APP://BITS-UPLOADER/x', APP_ORIGIN)).toEqual({ action: 'allow' });
    expect(decideNavigation('http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toEqual({ action: 'allow' });
  });

  it('denies everything else, and sends web links to the browser', () => {
    expect(decideNavigation('app://evil/index.html', APP_ORIGIN)).toEqual({ action: 'deny' });
    expect(decideNavigation('file:///etc/passwd', APP_ORIGIN)).toEqual({ action: 'deny' });
    expect(decideNavigation('javascript:alert(1)', APP_ORIGIN)).toEqual({ action: 'deny' });
    expect(decideNavigation('http://127.0.0.1:5174/', 'http://127.0.0.1:5173')).toEqual({
      action: 'deny',
      openExternally: 'http://127.0.0.1:5174/',
    });
    expect(decideNavigation('https://example.com/help', APP_ORIGIN)).toEqual({
      action: 'deny',
      openExternally: 'https://example.com/help',
    });
  });
});

describe('decideWindowOpen', () => {
  it('never opens a window, even for the app itself', () => {
    expect(decideWindowOpen('app://bits-uploader/index.html')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://example.com/')).toEqual({
      action: 'deny',
      openExternally: 'https://example.com/',
    });
  });
});

describe('externalUrl', () => {
  it('passes parsed http(s) URLs, normalized', () => {
    expect(externalUrl('https://Example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalUrl('http://intake.example.com:8080/bits/')).toBe('http://intake.example.com:8080/bits/');
  });

  it('refuses other schemes, credentials, junk and non-strings', () => {
    for (const bad of [
      'file:///C:/Windows/System32/calc.exe',
      'smb://attacker/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'vscode://file/etc',
      'https://user:pass@example.com/',
      'not a url',
      '',
      `https://example.com/${'a'.repeat(9_000)}`,
    ]) {
      expect(externalUrl(bad), bad).toBeUndefined();
    }
    expect(externalUrl(42)).toBeUndefined();
    expect(externalUrl({ href: 'https://example.com' })).toBeUndefined();
  });
});
