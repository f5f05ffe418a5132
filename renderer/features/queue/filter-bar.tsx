import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/icons.js';
import { useJobs, useStores } from '../../stores/app-stores.js';
import { listViewOf, useListView, useShownJobs } from './list-view.js';
import { shortcutLabel } from './shortcuts.js';
import { FILTER_LABELS, STATE_FILTERS } from './shown-jobs.js';
import './filter-bar.css';

/** How long typing may pause before the list follows the search (10,000 names to match). */
export const SEARCH_DEBOUNCE_MS = 200;

export const SEARCH_INPUT_ID = 'queue-search';

/** The state chips (with counts) and the name search above the list. */
export function FilterBar() {
  const stores = useStores();
  const filter = useListView((state) => state.view.filter);
  const applied = useListView((state) => state.view.search);
  const { counts, matches, jobs } = useShownJobs();
  const complete = useJobs((state) => state.complete);
  // Re-rendered with the shown list (byId), so the count is current without a selector of its own.
  const total = Object.keys(stores.jobs.getState().byId).length;
  const [text, setText] = useState(applied);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const timer = setTimeout(() => listViewOf(stores).getState().setSearch(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, stores]);
  // "Show all jobs" (an empty result) clears the search from outside.
  useEffect(() => {
    if (applied === '') setText('');
  }, [applied]);
  const searching = applied.trim() !== '';
  return (
    <div className="filter-bar">
      <fieldset className="chips">
        <legend>Show</legend>
        {STATE_FILTERS.map((key) => (
          <label key={key} className={`chip${filter === key ? ' chip--on' : ''}`}>
            <input
              type="radio"
              name="queue-filter"
              value={key}
              checked={filter === key}
              onChange={() => listViewOf(stores).getState().setFilter(key)}
            />
            <span>{FILTER_LABELS[key]}</span>{' '}
            <span className="chip__count num">{complete ? counts[key].toLocaleString() : '…'}</span>
          </label>
        ))}
      </fieldset>
      <div className="search">
        <label htmlFor={SEARCH_INPUT_ID}>Search names</label>
        <span className="search__box">
          <Icon name="search" />
          <input
            ref={input}
            id={SEARCH_INPUT_ID}
            type="search"
            value={text}
            placeholder={`Filter by name (${shortcutLabel('search')})`}
            aria-keyshortcuts={shortcutLabel('search')}
            aria-describedby="queue-search-count"
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && text !== '') {
                event.preventDefault();
                setText('');
              }
            }}
          />
        </span>
        <span id="queue-search-count" className="search__count" aria-live="polite">
          {searching
            ? `${matches.toLocaleString()} of ${total.toLocaleString()} match${filter === 'all' ? '' : ` · ${jobs.length.toLocaleString()} shown`}`
            : ''}
        </span>
      </div>
    </div>
  );
}
