import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithHost } from '../testing/render-app.js';
import { ConfirmDialog } from './confirm-dialog.js';

describe('ConfirmDialog', () => {
  it('asks, starts on the safe button, and answers yes only for the confirming button', async () => {
    const { stores } = await renderWithHost(<ConfirmDialog />);
    let answer: Promise<boolean> | undefined;
    act(() => {
      answer = stores.ui.getState().confirm({
        title: 'Cancel 2 uploads?',
        message: 'The server drops what it received.',
        confirmLabel: 'Cancel uploads',
        tone: 'danger',
      });
    });
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel 2 uploads?' });
    const description = document.getElementById(dialog.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('The server drops what it received.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel uploads' }));
    await expect(answer).resolves.toBe(true);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('Escape says no, Tab stays inside, and a second question waits for the first', async () => {
    const { stores } = await renderWithHost(<ConfirmDialog />);
    let first: Promise<boolean> | undefined;
    let second: Promise<boolean> | undefined;
    act(() => {
      first = stores.ui.getState().confirm({ title: 'First?', message: 'm', confirmLabel: 'Remove' });
      second = stores.ui.getState().confirm({ title: 'Second?', message: 'm', confirmLabel: 'Remove' });
    });
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove' }));
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));
    await userEvent.keyboard('{Escape}');
    await expect(first).resolves.toBe(false);
    expect(screen.getByRole('alertdialog', { name: 'Second?' })).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    await expect(second).resolves.toBe(false);
  });
});
