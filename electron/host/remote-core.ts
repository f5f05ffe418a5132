import type { Channel, ChannelRequest, ChannelResponse } from '../../shared/contract/channels.js';
import { type Core, CoreError, type CoreErrorCode, type CoreEvent } from '../../shared/contract/core-api.js';
import { type ControlClient, RemoteError } from './control-client.js';

/** A Core whose calls go to the running instance; close() only disconnects (its jobs keep going). */
export interface RemoteCore extends Core {
  readonly remote: true;
  /** Resolves when the instance goes away. */
  readonly disconnected: Promise<void>;
}

/**
 * The core of another process, over its control socket, with the same interface as the local
 * one: the CLI's commands run unchanged against either. Events flow from the moment this
 * resolves, so a caller can subscribe first and then act, as with a local core.
 */
export async function remoteCore(client: ControlClient): Promise<RemoteCore> {
  const listeners = new Set<(event: CoreEvent) => void>();
  await client.subscribe((message) => {
    if (message.kind !== 'event') return;
    for (const listener of listeners) listener(message.event);
  });
  const call = async <C extends Channel>(
    channel: C,
    payload: ChannelRequest<C>,
  ): Promise<ChannelResponse<C>> => {
    try {
      return (await client.invoke(channel, payload)) as ChannelResponse<C>;
    } catch (error) {
      if (error instanceof RemoteError) {
        throw new CoreError(error.wire.code as CoreErrorCode, error.wire.message, error.wire.hint);
      }
      throw new CoreError('io', `The running BITS Uploader did not answer: ${(error as Error).message}`);
    }
  };
  const info = await call('app:info', {});
  return {
    remote: true,
    dataDir: info.dataDir,
    startupWarnings: [],
    disconnected: client.closed,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    commands: {
      add: (input) => call('jobs:add', input),
      addMany: (inputs) => call('jobs:add-many', { jobs: inputs }),
      update: (id, changes) => call('jobs:update', { id, changes }),
      suspend: (id) => call('jobs:suspend', { id }),
      resume: (id) => call('jobs:resume', { id }),
      cancel: (id) => call('jobs:cancel', { id }),
      complete: (id) => call('jobs:complete', { id }),
      retry: (id) => call('jobs:retry', { id }),
      setPriority: (id, priority) => call('jobs:set-priority', { id, priority }),
      move: (id, where) => call('jobs:move', { id, where }),
      remove: (ids) => call('jobs:remove', { ids }),
      removeFinished: () => call('jobs:remove-finished', {}),
      suspendAll: () => call('jobs:suspend-all', {}),
      resumeAll: () => call('jobs:resume-all', {}),
      updateSettings: (patch) => call('settings:update', patch),
      saveDestination: (input) => call('destinations:save', input),
      removeDestination: (id) => call('destinations:remove', { id }),
    },
    queries: {
      list: (query) => call('jobs:list', query ?? {}),
      get: async (id) => (await call('jobs:get', { id })) ?? undefined,
      findUnfinished: async (match) => (await call('jobs:find-unfinished', match)) ?? undefined,
      replies: () => call('replies:list', {}),
      settings: () => call('settings:get', {}),
      destinations: () => call('destinations:list', {}),
      // Secrets stay in the instance that holds them; its own checks use them there.
      destinationSecrets: () =>
        Promise.reject(new CoreError('unsupported', 'Saved passwords are not sent to other processes.')),
    },
    async close() {
      listeners.clear();
      client.close();
    },
  };
}
