import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { ReplyFile } from '../../../shared/contract/core-api.js';
import { type TransportError, toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useJobs, useStores } from '../../stores/app-stores.js';
import { hasReply, unreadCount } from './reply-jobs.js';

/** The read set of this host's replies (its scope follows the host's data folder). */
export function useReadReplies(): ReadonlySet<string> {
  const { replies } = useStores();
  const dataDir = useHost((state) => state.appInfo?.dataDir);
  useEffect(() => {
    if (dataDir !== undefined) replies.getState().setScope(dataDir);
  }, [replies, dataDir]);
  return useStore(replies, (state) => state.read);
}

/** How many replies wait to be looked at: the badge on the Replies tab. */
export function useUnreadReplies(): number {
  const read = useReadReplies();
  const byId = useJobs((state) => state.byId);
  return useMemo(() => unreadCount(byId, read), [byId, read]);
}

export type ReplyList =
  | { status: 'loading' }
  | { status: 'error'; problem: TransportError }
  | { status: 'ready'; files: ReplyFile[] };

/**
 * The host's reply files (replies:list), asked again whenever a reply job finishes or is
 * removed, and after a reconnect; a late answer to an earlier ask is dropped.
 */
export function useReplyList(): { list: ReplyList; reload: () => void } {
  const { transport } = useStores();
  const connected = useHost((state) => state.connection === 'connected');
  const replyKey = useJobs((state) =>
    Object.values(state.byId)
      .filter(hasReply)
      .map((job) => job.id)
      .sort()
      .join(','),
  );
  const [list, setList] = useState<ReplyList>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // replyKey and attempt are in the list as the reasons to ask again.
  useEffect(() => {
    if (!connected) return;
    let current = true;
    transport.invoke('replies:list', {}).then(
      (files) => current && setList({ status: 'ready', files }),
      (error: unknown) =>
        current &&
        setList({ status: 'error', problem: toTransportError(error, 'The replies could not be listed') }),
    );
    return () => {
      current = false;
    };
  }, [transport, connected, replyKey, attempt]);
  const reload = useCallback(() => {
    setList({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { list, reload };
}
