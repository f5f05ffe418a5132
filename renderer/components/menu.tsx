import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import './menu.css';

/** One command in a menu; `checked` makes it a radio item (the priority of the selection). */
export interface MenuItem {
  id: string;
  label: string;
  shortcut?: string;
  disabled?: boolean;
  checked?: boolean;
  tone?: 'danger';
  onSelect(): void;
}

export type MenuEntry = MenuItem | { separator: string } | { group: string; items: MenuItem[] };

interface MenuProps {
  label: string;
  entries: readonly MenuEntry[];
  /** Where the menu opens (viewport pixels): the pointer, or below the row or button. */
  at: { x: number; y: number };
  /** Closed by a choice, Escape, Tab or a click elsewhere; the opener takes focus back. */
  onClose(): void;
}

const itemsOf = (entries: readonly MenuEntry[]): MenuItem[] =>
  entries.flatMap((entry) => ('separator' in entry ? [] : 'group' in entry ? entry.items : [entry]));

/**
 * An ARIA menu (WAI-ARIA menu pattern): focus starts on the first item that can be chosen,
 * arrows, Home and End move, Enter or Space chooses, Escape and Tab close it.
 */
export function Menu({ label, entries, at, onClose }: MenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  const items = itemsOf(entries).filter((item) => !item.disabled);
  const [active, setActive] = useState(items[0]?.id);
  const [place, setPlace] = useState(at);

  // Keep the menu inside the window (a right-click near the bottom opens it upwards).
  useLayoutEffect(() => {
    const box = menu.current?.getBoundingClientRect();
    if (!box) return;
    setPlace({
      x: Math.max(4, Math.min(at.x, window.innerWidth - box.width - 4)),
      y: at.y + box.height > window.innerHeight - 4 ? Math.max(4, at.y - box.height) : at.y,
    });
  }, [at]);

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>(`[data-item="${active}"]`)?.focus();
  }, [active]);

  useEffect(() => {
    const away = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, [onClose]);

  const choose = (item: MenuItem) => {
    if (item.disabled) return;
    onClose();
    item.onSelect();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = items.findIndex((item) => item.id === active);
    const go = (index: number) => setActive(items[(index + items.length) % items.length]?.id);
    switch (event.key) {
      case 'ArrowDown':
        go(at + 1);
        break;
      case 'ArrowUp':
        go(at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(items.length - 1);
        break;
      case 'Escape':
      case 'Tab':
        onClose();
        break;
      case 'Enter':
      case ' ': {
        const item = items[at];
        if (item) choose(item);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const render = (item: MenuItem) => {
    const common = {
      'data-item': item.id,
      'aria-disabled': item.disabled || undefined,
      'aria-keyshortcuts': item.shortcut,
      className: `menu__item${item.tone === 'danger' ? ' menu__item--danger' : ''}`,
      onClick: () => choose(item),
      onKeyDown: () => undefined,
      // Only a pointer that really moves takes over: a menu opening under a resting pointer
      // (opened from the keyboard) keeps its first item.
      onPointerMove: (event: React.PointerEvent) => {
        if (!item.disabled && item.id !== active && (event.movementX !== 0 || event.movementY !== 0))
          setActive(item.id);
      },
    };
    const content = (
      <>
        <span className="menu__check" aria-hidden="true">
          {item.checked ? '✓' : ''}
        </span>
        <span className="menu__label">{item.label}</span>
        {item.shortcut && (
          <span className="menu__shortcut" aria-hidden="true">
            {item.shortcut}
          </span>
        )}
      </>
    );
    return item.checked === undefined ? (
      <div key={item.id} role="menuitem" tabIndex={item.id === active ? 0 : -1} {...common}>
        {content}
      </div>
    ) : (
      <div
        key={item.id}
        role="menuitemradio"
        aria-checked={item.checked}
        tabIndex={item.id === active ? 0 : -1}
        {...common}
      >
        {content}
      </div>
    );
  };

  // On the body: a list's containment (container queries) would otherwise place and clip it.
  return createPortal(
    <div
      ref={menu}
      className="menu"
      role="menu"
      aria-label={label}
      tabIndex={-1}
      style={{ left: place.x, top: place.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {entries.map((entry) => {
        if ('separator' in entry) return <hr key={entry.separator} className="menu__separator" />;
        if ('group' in entry) {
          return (
            // biome-ignore lint/a11y/useSemanticElements: a group of menu items, not of form fields
            <div key={entry.group} role="group" aria-label={entry.group} className="menu__group">
              <div className="menu__heading" aria-hidden="true">
                {entry.group}
              </div>
              {entry.items.map(render)}
            </div>
          );
        }
        return render(entry);
      })}
    </div>,
    document.body,
  );
}
