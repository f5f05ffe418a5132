import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { AppView } from '../app-views.js';
import { useStores, useUi } from '../stores/app-stores.js';
import { Icon } from './icons.js';
import './view-rail.css';

/**
 * The left rail: one tab per view (ARIA tabs, arrow keys move between them, Ctrl/Cmd+digit jumps
 * from anywhere). A view may show a count beside its name (jobs in the queue, unread replies).
 */
export function ViewRail({
  views,
  counts,
}: {
  views: readonly AppView[];
  counts?: Partial<Record<string, number>>;
}) {
  const { ui } = useStores();
  const current = useUi((state) => state.view);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const view = views.find((candidate) => candidate.shortcut === event.key);
      if (!view) return;
      event.preventDefault();
      ui.getState().setView(view.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ui, views]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = views.findIndex((view) => view.id === current);
    const step =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? -1
          : 0;
    const target =
      event.key === 'Home'
        ? views[0]
        : event.key === 'End'
          ? views[views.length - 1]
          : step
            ? views[(at + step + views.length) % views.length]
            : undefined;
    if (!target) return;
    event.preventDefault();
    ui.getState().setView(target.id);
    tabs.current[target.id]?.focus();
  };

  return (
    <nav className="view-rail" aria-label="Views">
      <div role="tablist" aria-orientation="vertical" aria-label="Views" onKeyDown={onKeyDown}>
        {views.map((view) => {
          const selected = view.id === current;
          const count = counts?.[view.id];
          return (
            <button
              key={view.id}
              ref={(element) => {
                tabs.current[view.id] = element;
              }}
              type="button"
              role="tab"
              id={`view-tab-${view.id}`}
              aria-selected={selected}
              aria-controls={`view-panel-${view.id}`}
              tabIndex={selected ? 0 : -1}
              className="view-rail__tab"
              title={`${view.label} (Ctrl+${view.shortcut})`}
              onClick={() => ui.getState().setView(view.id)}
            >
              <Icon name={view.icon} />
              <span className="view-rail__label">{view.label}</span>
              {count !== undefined && count > 0 && <span className="view-rail__count num">{count}</span>}
            </button>
          );
        })}
      </div>
    </nav>
  );
}
