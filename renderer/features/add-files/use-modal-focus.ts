import { type RefObject, useEffect, useRef } from 'react';

const FOCUSABLE =
  'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex="0"]';

/**
 * A modal's keyboard contract: focus moves into it, Tab stays inside, Escape closes it, and
 * focus returns to where it was when it closes.
 */
export function useModalFocus(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  // The latest onClose, without moving focus again each time the parent renders a new one.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const node = ref.current;
    // The list of a browser first, else the first field, else a button.
    const first = ['[role="listbox"]', 'input', 'button:not(:disabled)']
      .map((selector) => node?.querySelector<HTMLElement>(selector))
      .find(Boolean);
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (!node) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        close.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = [...node.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (items.length === 0) return;
      const at = items.indexOf(document.activeElement as HTMLElement);
      const next = items[(at + (event.shiftKey ? -1 : 1) + items.length) % items.length];
      event.preventDefault();
      next?.focus();
    };
    node?.addEventListener('keydown', onKey);
    return () => {
      node?.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [ref]);
}
