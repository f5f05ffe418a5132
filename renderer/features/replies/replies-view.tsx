import { useCallback, useEffect, useState } from 'react';
import type { ReplyFile } from '../../../shared/contract/core-api.js';
import { formatBytes } from '../../../shared/format.js';
import { Icon } from '../../components/icons.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import { useHost, useStores } from '../../stores/app-stores.js';
import { saveBlob } from '../queue/job-actions.js';
import { baseName } from './reply-jobs.js';
import { ReplyPreviewPane } from './reply-preview.js';
import { useReadReplies, useReplyList } from './use-replies.js';
import './replies-view.css';

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const EXACT = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/**
 * The reply inbox: every reply file with its job, size and time, unread ones marked; the
 * selected one previewed beside the list, with open / download / reveal as the host allows.
 */
export function RepliesView() {
  const { list, reload } = useReplyList();
  const read = useReadReplies();
  const { replies } = useStores();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const markRead = useCallback((jobId: string) => replies.getState().markRead([jobId]), [replies]);
  const files = list.status === 'ready' ? list.files : [];
  const selected = files.find((file) => file.jobId === selectedId);
  // A removed reply leaves the preview.
  useEffect(() => {
    if (list.status === 'ready' && selectedId && !selected) setSelectedId(undefined);
  }, [list.status, selectedId, selected]);

  if (list.status === 'loading') return <RepliesLoading />;
  if (list.status === 'error') {
    return (
      <section className="replies-problem" role="alert">
        <Icon name="alert" />
        <p>
          <strong>{list.problem.message}</strong> {list.problem.hint}
        </p>
        <button type="button" onClick={reload}>
          Retry listing replies
        </button>
      </section>
    );
  }
  if (files.length === 0) return <NoReplies />;
  const unread = files.filter((file) => !read.has(file.jobId));
  return (
    <div className="replies-view">
      <section className="replies-list" aria-labelledby="replies-title">
        <header className="replies-list__head">
          <h2 id="replies-title">
            Replies{' '}
            <span className="muted num">{unread.length > 0 ? `${unread.length} unread` : 'all read'}</span>
          </h2>
          <button
            type="button"
            className="ghost"
            disabled={unread.length === 0}
            onClick={() => replies.getState().markRead(unread.map((file) => file.jobId))}
          >
            Mark all read
          </button>
        </header>
        <ul>
          {files.map((file) => (
            <ReplyItem
              key={file.jobId}
              file={file}
              unread={!read.has(file.jobId)}
              selected={file.jobId === selectedId}
              onSelect={() => setSelectedId(file.jobId)}
            />
          ))}
        </ul>
      </section>
      <section className="replies-detail" aria-label="Reply preview">
        {selected ? (
          <>
            <ReplyActions reply={selected} onUsed={markRead} />
            <ReplyPreviewPane reply={selected} onSeen={markRead} />
          </>
        ) : (
          <p className="replies-detail__hint muted">Choose a reply to preview it here.</p>
        )}
      </section>
    </div>
  );
}

function ReplyItem(props: { file: ReplyFile; unread: boolean; selected: boolean; onSelect: () => void }) {
  const { file, unread, selected } = props;
  const name = baseName(file.replyPath);
  return (
    <li
      className={`reply-item${unread ? ' reply-item--unread' : ''}${selected ? ' reply-item--selected' : ''}`}
    >
      <button
        type="button"
        className="reply-item__button"
        aria-pressed={selected}
        aria-label={`Preview ${name}, the reply to ${file.fileName}${unread ? ', unread' : ''}`}
        onClick={props.onSelect}
      >
        <span className="reply-item__dot" aria-hidden="true" />
        <span className="reply-item__names">
          <span className="reply-item__name" title={file.replyPath}>
            {name}
          </span>
          <span className="reply-item__job muted">reply to {file.fileName}</span>
        </span>
        <span className="reply-item__facts muted num">
          <span>{formatBytes(file.bytes)}</span>
          {file.completedAt !== undefined && (
            <time dateTime={new Date(file.completedAt).toISOString()} title={EXACT.format(file.completedAt)}>
              {TIME.format(file.completedAt)}
            </time>
          )}
        </span>
        {unread && <span className="badge reply-item__unread">new</span>}
      </button>
    </li>
  );
}

/** Open (desktop), download (browser) and reveal, as the host's capabilities say. */
function ReplyActions({ reply, onUsed }: { reply: ReplyFile; onUsed: (jobId: string) => void }) {
  const { transport, ui } = useStores();
  const capabilities = useHost((state) => state.appInfo?.capabilities);
  const [busy, setBusy] = useState(false);
  const name = baseName(reply.replyPath);
  const act = async (verb: string, work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      onUsed(reply.jobId);
    } catch (error) {
      const problem = toTransportError(error, `${verb} failed`);
      ui.getState().notify(`${verb} “${name}”: ${problem.message}`, problem.hint);
    } finally {
      setBusy(false);
    }
  };
  return (
    <header className="replies-detail__head">
      <div className="replies-detail__title">
        <h3 title={reply.replyPath}>{name}</h3>
        <p className="muted">
          Reply to {reply.fileName} · {formatBytes(reply.bytes)}
        </p>
      </div>
      <div className="replies-detail__actions">
        {capabilities?.canOpenFiles && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act('Open', () => transport.invoke('replies:open', { jobId: reply.jobId }))}
          >
            <Icon name="open" />
            Open
          </button>
        )}
        {!capabilities?.canOpenFiles && capabilities?.canDownloadReplies && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              void act('Download', async () => {
                const { fileName, blob } = await transport.downloadReply(reply.jobId);
                saveBlob(blob, fileName);
              })
            }
          >
            <Icon name="download" />
            Download
          </button>
        )}
        {capabilities?.canRevealFiles && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act('Show in folder', () => transport.invoke('replies:reveal', { jobId: reply.jobId }))
            }
          >
            <Icon name="folder" />
            Show in folder
          </button>
        )}
      </div>
    </header>
  );
}

function RepliesLoading() {
  return (
    <div className="replies-view" aria-busy="true">
      <section className="replies-list">
        <span className="visually-hidden">Loading replies…</span>
        {[0, 1, 2].map((n) => (
          <div key={n} className="reply-item reply-item--placeholder">
            <span className="placeholder" />
          </div>
        ))}
      </section>
    </div>
  );
}

/** What an upload-reply job is, and how to make one. */
function NoReplies() {
  return (
    <section className="empty" aria-labelledby="no-replies-title">
      <div className="empty__art">
        <Icon name="inbox" size={56} />
      </div>
      <h2 id="no-replies-title">No replies yet</h2>
      <p>
        Some BITS servers answer an upload with a file of their own: a receipt, a report, a converted copy.
        Those uploads are <strong>upload-reply</strong> jobs, and their answers land here.
      </p>
      <p className="muted">
        Pick “Upload-reply” as the type in the destination bar before adding files; each reply shows up here
        when its upload is done.
      </p>
    </section>
  );
}
