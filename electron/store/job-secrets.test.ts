import { describe, expect, it } from 'vitest';
import { erasedSecrets } from './job-secrets.js';

describe('erasedSecrets: what a finished job gives up', () => {
  it('drops the password, blanks header values, and forgets the proxy password too', () => {
    const erased = erasedSecrets({
      headers: [['X-Tenant', 'blue']],
      credentials: { user: 'ann', password: 'p' },
      options: {
        fragmentSize: 65_536,
        proxy: 'http://proxy:3128',
        proxyCredentials: { user: 'u', password: 'q' },
      },
    });
    expect(erased).toEqual({
      credentials: undefined,
      headers: [['X-Tenant', '']],
      options: { fragmentSize: 65_536, proxy: 'http://proxy:3128' },
    });
  });

  it('changes nothing for a job that holds no secret', () => {
    expect(erasedSecrets({ headers: [['X-A', '']], credentials: undefined, options: {} })).toEqual({});
  });
});
