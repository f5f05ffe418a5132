// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from '../testing/fake-bridge.js';
import { renderWithHost } from '../testing/render-app.js';
import { StatusBar } from './status-bar.js';

describe('StatusBar', () => {
  it('counts jobs by what the user cares about, suspended ones included', async () => {
    await renderWithHost(<StatusBar />, {
      jobs: [
        makeJob({ id: 'a', state: 'transferring' }),
        makeJob({ id: 'b', state: 'queued' }),
        makeJob({ id: 'c', state: 'suspended' }),
        makeJob({ id: 'd', state: 'suspended' }),
        makeJob({ id: 'e', state: 'error' }),
        makeJob({ id: 'f', state: 'acknowledged' }),
      ],
    });
    expect(screen.getByRole('contentinfo').textContent).toContain(
      '1 uploading · 1 queued · 2 suspended · 1 failed · 1 done',
    );
  });
});
