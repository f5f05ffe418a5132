import { useMemo, useState } from 'react';
import { formatBytes } from '../../../shared/format.js';
import { Icon } from '../../components/icons.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useJobs, useStores } from '../../stores/app-stores.js';
import { type HistoryFilter, type HistoryState, historyJobs, historyTotals } from './history-filter.js';
import { HistoryList } from './history-list.js';
import './history-view.css';

const STATES: Array<{ id: HistoryState; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'done', label: 'Done' },
  { id: 'cancelled', label: 'Cancelled' },
];

/** Finished and cancelled uploads, newest first, until removed: filter, totals, clear. */
export function HistoryView() {
  const byId = useJobs((state) => state.byId);
  // The queue's first screen may hold no finished job: "no history" only once the whole list is in.
  const loaded = useJobs((state) => state.complete);
  const connected = useHost((state) => state.connection === 'connected');
  const { transport, ui } = useStores();
  const [filter, setFilter] = useState<HistoryFilter>({ state: 'all', search: '' });
  const [clearing, setClearing] = useState(false);
  const everything = useMemo(() => historyJobs(byId, { state: 'all', search: '' }), [byId]);
  const shown = useMemo(() => historyJobs(byId, filter), [byId, filter]);
  const totals = useMemo(() => historyTotals(shown), [shown]);

  const clear = async () => {
    const count = everything.length;
    const confirmed = await ui.getState().confirm({
      title: 'Clear the history?',
      message: `${count} finished ${count === 1 ? 'upload leaves' : 'uploads leave'} the history. The files on the server and the reply files stay where they are.`,
      confirmLabel: `Clear ${count} finished`,
      dismissLabel: 'Keep them',
    });
    if (!confirmed) return;
    setClearing(true);
    try {
      await transport.invoke('jobs:remove-finished', {});
    } catch (error) {
      const problem = toTransportError(error, 'Clearing the history failed');
      ui.getState().notify(problem.message, problem.hint);
    } finally {
      setClearing(false);
    }
  };

  if (loaded && everything.length === 0) return <NoHistory />;
  return (
    <div className="history-view">
      <div className="history-toolbar">
        <fieldset className="history-filter">
          <legend className="visually-hidden">Show</legend>
          {STATES.map((state) => (
            <label key={state.id} className={`segment${filter.state === state.id ? ' segment--on' : ''}`}>
              <input
                type="radio"
                name="history-state"
                value={state.id}
                checked={filter.state === state.id}
                onChange={() => setFilter({ ...filter, state: state.id })}
              />
              {state.label}
            </label>
          ))}
        </fieldset>
        <div className="field history-search">
          <label htmlFor="history-search">Search history</label>
          <input
            id="history-search"
            type="search"
            placeholder="File name or destination"
            value={filter.search}
            maxLength={1000}
            onChange={(event) => setFilter({ ...filter, search: event.target.value })}
          />
        </div>
        <button
          type="button"
          className="danger history-clear"
          disabled={!connected || clearing || everything.length === 0}
          onClick={() => void clear()}
        >
          <Icon name="trash" />
          Clear finished
        </button>
      </div>
      <p className="history-totals" aria-live="polite">
        <span className="num">
          {totals.count} {totals.count === 1 ? 'upload' : 'uploads'}
        </span>
        {' · '}
        <span className="num">{formatBytes(totals.bytesSent)} sent</span>
        {filter.state === 'all' && (
          <>
            {' · '}
            <span className="num">{totals.done} done</span>
            {' · '}
            <span className="num">{totals.cancelled} cancelled</span>
          </>
        )}
        {totals.failures > 0 && (
          <>
            {' · '}
            <span className="num history-totals__failures">
              <Icon name="alert" /> {totals.failures} met an error
            </span>
          </>
        )}
      </p>
      {shown.length === 0 ? (
        <p className="history-none muted">
          {filter.search.trim()
            ? `Nothing in the history matches “${filter.search.trim()}”.`
            : `No ${filter.state === 'done' ? 'finished' : 'cancelled'} uploads in the history.`}
        </p>
      ) : (
        <HistoryList jobs={shown} />
      )}
    </div>
  );
}

function NoHistory() {
  return (
    <section className="empty" aria-labelledby="no-history-title">
      <div className="empty__art">
        <Icon name="history" size={56} />
      </div>
      <h2 id="no-history-title">Nothing finished yet</h2>
      <p>Uploads that finish or are cancelled are listed here, with what they sent, until you remove them.</p>
    </section>
  );
}
