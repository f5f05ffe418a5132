import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useUi } from '../stores/app-stores.js';
import './confirm-dialog.css';

/**
 * The one modal of the window: a question before an action that loses work. Focus starts on the
 * safe button, Tab stays inside, Escape answers "no", and focus returns where it was.
 */
export function ConfirmDialog() {
  const request = useUi((state) => state.confirming);
  const dismissButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!request) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dismissButton.current?.focus();
    return () => before?.focus();
  }, [request]);

  if (!request) return null;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      request.answer(false);
      return;
    }
    if (event.key !== 'Tab') return;
    const buttons = [...(dialog.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(at + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
    event.preventDefault();
    next?.focus();
  };
  const titleId = `confirm-title-${request.id}`;
  const messageId = `confirm-message-${request.id}`;
  return (
    <div className="confirm-backdrop">
      <div
        ref={dialog}
        className="confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={messageId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{request.title}</h2>
        <p id={messageId}>{request.message}</p>
        <div className="confirm__buttons">
          <button ref={dismissButton} type="button" onClick={() => request.answer(false)}>
            {request.dismissLabel ?? 'Keep'}
          </button>
          <button
            type="button"
            className={request.tone === 'danger' ? 'danger' : 'primary'}
            onClick={() => request.answer(true)}
          >
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
