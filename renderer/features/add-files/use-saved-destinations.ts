import { useCallback, useEffect, useState } from 'react';
import type { Destination } from '../../../shared/contract/host-api.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useStores } from '../../stores/app-stores.js';

/** The host's saved destinations (destinations:list), loaded when connected and after each change. */
export function useSavedDestinations() {
  const { transport, ui } = useStores();
  const connected = useHost((state) => state.connection === 'connected');
  const [saved, setSaved] = useState<Destination[]>([]);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setSaved(await transport.invoke('destinations:list', {}));
      setLoaded(true);
    } catch (error) {
      const problem = toTransportError(error, 'Loading the saved destinations failed');
      ui.getState().notify(problem.message, problem.hint);
    }
  }, [transport, ui]);

  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);

  /** A destination just saved, in the list at once (the refresh follows), so picking it sticks. */
  const remember = useCallback(
    (destination: Destination) => {
      setSaved((list) => [...list.filter((other) => other.id !== destination.id), destination]);
      void refresh();
    },
    [refresh],
  );

  return { saved, loaded, refresh, remember };
}
