import { type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { BrowseEntry, BrowseResult } from '../../../shared/contract/host-api.js';
import { formatBytes } from '../../../shared/format.js';
import { Icon } from '../../components/icons.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useStores } from '../../stores/app-stores.js';
import { breadcrumbs, childPath } from './host-paths.js';
import { useModalFocus } from './use-modal-focus.js';
import './host-browser.css';

export interface PickedPath {
  path: string;
  kind: 'file' | 'folder';
}

/**
 * The host's files (serve): a small modal browser over files:browse with breadcrumbs, a
 * multi-select list driven by the keyboard (arrows, Space, Enter, Backspace, Ctrl+A), and the
 * way out to this computer's own files (a browser upload) where the host stages them.
 */
export function HostBrowser({
  onClose,
  onAdd,
  onUploadInstead,
  onUploadFolderInstead,
}: {
  onClose(): void;
  onAdd(picked: PickedPath[]): void;
  onUploadInstead?: () => void;
  onUploadFolderInstead?: () => void;
}) {
  const { transport } = useStores();
  const [listing, setListing] = useState<BrowseResult>();
  const [problem, setProblem] = useState<{ message: string; hint?: string }>();
  const [loading, setLoading] = useState(true);
  const [showHidden, setShowHidden] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const asked = useRef(0);
  const ids = { title: useId(), list: useId(), hidden: useId() };
  useModalFocus(dialog, onClose);

  const open = useCallback(
    async (path: string | undefined) => {
      const request = ++asked.current;
      setLoading(true);
      try {
        const result = await transport.invoke('files:browse', { ...(path ? { path } : {}), showHidden });
        if (request !== asked.current) return;
        setListing(result);
        setSelected(new Set());
        setActive(0);
        setProblem(undefined);
      } catch (error) {
        if (request !== asked.current) return;
        const failure = toTransportError(error, 'Listing the folder failed');
        setProblem({ message: failure.message, hint: failure.hint });
      } finally {
        if (request === asked.current) setLoading(false);
      }
    },
    [transport, showHidden],
  );

  // Opening, and again when "Show hidden files" changes: the same folder, listed anew.
  const shown = useRef<string>(undefined);
  shown.current = listing?.path;
  useEffect(() => {
    void open(shown.current);
  }, [open]);

  const entries = listing?.entries ?? [];
  const pickable = (entry: BrowseEntry) => entry.kind !== 'other';
  const toggle = (entry: BrowseEntry) => {
    if (!pickable(entry)) return;
    const next = new Set(selected);
    if (next.has(entry.name)) next.delete(entry.name);
    else next.add(entry.name);
    setSelected(next);
  };
  const enter = (entry: BrowseEntry) => {
    if (listing && entry.kind === 'folder') void open(childPath(listing.path, entry.name));
    else toggle(entry);
  };
  const add = () => {
    if (!listing || selected.size === 0) return;
    onAdd(
      entries
        .filter((entry) => selected.has(entry.name))
        .map((entry) => ({
          path: childPath(listing.path, entry.name),
          kind: entry.kind === 'folder' ? 'folder' : 'file',
        })),
    );
  };

  const onListKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const entry = entries[active];
    const move = (to: number) => {
      event.preventDefault();
      setActive(Math.max(0, Math.min(entries.length - 1, to)));
    };
    if (event.key === 'ArrowDown') move(active + 1);
    else if (event.key === 'ArrowUp' && !event.altKey) move(active - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(entries.length - 1);
    else if (event.key === ' ' && entry) {
      event.preventDefault();
      toggle(entry);
    } else if (event.key === 'Enter' && entry) {
      event.preventDefault();
      enter(entry);
    } else if ((event.key === 'Backspace' || (event.key === 'ArrowUp' && event.altKey)) && listing?.parent) {
      event.preventDefault();
      void open(listing.parent);
    } else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      setSelected(new Set(entries.filter((item) => item.kind === 'file').map((item) => item.name)));
    }
  };

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const count = selected.size;
  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        className="modal host-browser"
        role="dialog"
        aria-modal="true"
        aria-labelledby={ids.title}
      >
        <h2 id={ids.title}>Add files from the host</h2>
        {listing && (
          <nav className="host-browser__crumbs" aria-label="Folder path">
            {breadcrumbs(listing.path, listing.roots).map((crumb, index, all) => (
              <span key={crumb.path}>
                {index > 0 && <span aria-hidden="true"> › </span>}
                {crumb.reachable && index < all.length - 1 ? (
                  <button type="button" className="link" onClick={() => void open(crumb.path)}>
                    {crumb.label}
                  </button>
                ) : (
                  <span aria-current={index === all.length - 1 ? 'location' : undefined}>{crumb.label}</span>
                )}
              </span>
            ))}
          </nav>
        )}
        <div className="host-browser__tools">
          <button
            type="button"
            disabled={!listing?.parent}
            onClick={() => listing?.parent && void open(listing.parent)}
          >
            Go up
          </button>
          <label className="checkbox" htmlFor={ids.hidden}>
            <input
              id={ids.hidden}
              type="checkbox"
              checked={showHidden}
              onChange={(event) => setShowHidden(event.target.checked)}
            />
            Show hidden files
          </label>
        </div>
        {problem ? (
          <div className="host-browser__problem" role="alert">
            <Icon name="alert" />
            <p>
              <strong>{problem.message}</strong> {problem.hint}
            </p>
          </div>
        ) : (
          <div
            ref={list}
            id={ids.list}
            className="host-browser__list"
            role="listbox"
            tabIndex={0}
            aria-multiselectable="true"
            aria-label={`Files in ${listing?.path ?? 'the folder'}`}
            aria-busy={loading}
            aria-activedescendant={entries[active] ? `${ids.list}-${active}` : undefined}
            onKeyDown={onListKey}
          >
            {!loading && entries.length === 0 && <p className="host-browser__empty">This folder is empty.</p>}
            {entries.map((entry, index) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox takes the keys (aria-activedescendant).
              <div
                key={entry.name}
                id={`${ids.list}-${index}`}
                data-index={index}
                role="option"
                tabIndex={-1}
                aria-selected={selected.has(entry.name)}
                aria-disabled={!pickable(entry) || undefined}
                className={`host-browser__entry${index === active ? ' is-active' : ''}`}
                onClick={() => {
                  setActive(index);
                  toggle(entry);
                }}
                onDoubleClick={() => enter(entry)}
              >
                <span className="host-browser__mark" aria-hidden="true">
                  {selected.has(entry.name) ? <Icon name="check" /> : null}
                </span>
                <Icon name={entry.kind === 'folder' ? 'folder' : 'file'} />
                <span className="host-browser__name">
                  {entry.name}
                  {entry.kind === 'folder' ? '/' : ''}
                </span>
                <span className="host-browser__size">
                  {entry.kind === 'file'
                    ? formatBytes(entry.size)
                    : entry.kind === 'other'
                      ? 'cannot be added'
                      : ''}
                </span>
              </div>
            ))}
            {listing?.truncated && (
              <p className="host-browser__empty">Only the first {entries.length} entries are shown.</p>
            )}
          </div>
        )}
        <p className="field__hint">
          Space selects, Enter opens a folder, Backspace goes up. A selected folder adds every file in it.
        </p>
        <div className="modal__buttons">
          {onUploadInstead && (
            <button type="button" className="ghost" onClick={onUploadInstead}>
              Upload files from this computer…
            </button>
          )}
          {onUploadFolderInstead && (
            <button type="button" className="ghost" onClick={onUploadFolderInstead}>
              Upload a folder…
            </button>
          )}
          <span className="modal__spacer" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={count === 0} onClick={add}>
            {count === 0 ? 'Add files' : `Add ${count} selected`}
          </button>
        </div>
      </div>
    </div>
  );
}
