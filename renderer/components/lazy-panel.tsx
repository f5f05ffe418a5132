import { type ComponentType, useEffect, useState } from 'react';
import { Icon } from './icons.js';

export interface LazyPanel {
  Panel: ComponentType;
  /** Fetches the view's code ahead of its first opening (main.tsx, once the first screen is up). */
  preload(): Promise<void>;
}

/**
 * A view whose code comes in its own chunk, so the first screen neither fetches nor runs it (the
 * settings view brings the contract's zod schemas, which cost the first screen most of all).
 * Once preloaded it opens at once; opened earlier, it says it is loading, and a chunk that cannot
 * be fetched (the host stopped) says so with a Retry instead of a blank panel.
 */
export function lazyPanel(name: string, load: () => Promise<ComponentType>): LazyPanel {
  let Loaded: ComponentType | undefined;
  let loading: Promise<void> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => {
        Loaded = component;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));

  function Panel() {
    const [failed, setFailed] = useState(false);
    const [, setArrived] = useState(false);
    useEffect(() => {
      if (Loaded || failed) return;
      let live = true;
      preload().then(
        () => live && setArrived(true),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [failed]);
    if (Loaded) return <Loaded />;
    if (failed) {
      return (
        <section className="empty" role="alert">
          <Icon name="alert" size={32} />
          <h2>{name} could not be loaded</h2>
          <p className="muted">
            The page lost its host while fetching this view. Check that it is still running.
          </p>
          <button type="button" onClick={() => setFailed(false)}>
            Retry loading {name}
          </button>
        </section>
      );
    }
    return (
      <p className="muted view-loading" aria-busy="true">
        Loading {name}…
      </p>
    );
  }
  return { Panel, preload };
}
