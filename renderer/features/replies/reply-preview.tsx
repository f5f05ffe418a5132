import { useEffect, useState } from 'react';
import type { ReplyFile } from '../../../shared/contract/core-api.js';
import type { ReplyPreview } from '../../../shared/contract/host-api.js';
import { formatBytes } from '../../../shared/format.js';
import { Icon } from '../../components/icons.js';
import { type TransportError, toTransportError } from '../../lib/transport/transport-error.js';
import { useStores } from '../../stores/app-stores.js';
import { prettyJson } from './reply-jobs.js';

type PreviewState =
  | { status: 'loading' }
  | { status: 'error'; problem: TransportError }
  | { status: 'ready'; preview: ReplyPreview };

const KIND_LABELS: Record<ReplyPreview['kind'], string> = {
  text: 'Text',
  json: 'JSON',
  xml: 'XML',
  binary: 'Binary',
};

/**
 * The start of a reply file (replies:preview, size-capped by the host), always as text in a
 * <pre>: a reply is whatever the server sent, so markup in it is shown, never rendered.
 */
export function ReplyPreviewPane({ reply, onSeen }: { reply: ReplyFile; onSeen: (jobId: string) => void }) {
  const { transport } = useStores();
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    transport.invoke('replies:preview', { jobId: reply.jobId }).then(
      (preview) => {
        if (!current) return;
        setState({ status: 'ready', preview });
        onSeen(reply.jobId);
      },
      (error: unknown) =>
        current &&
        setState({ status: 'error', problem: toTransportError(error, 'The reply could not be read') }),
    );
    return () => {
      current = false;
    };
  }, [transport, reply.jobId, onSeen]);

  if (state.status === 'loading') {
    return (
      <div className="reply-preview reply-preview--loading" aria-busy="true">
        <span className="visually-hidden">Loading the preview…</span>
        <span className="placeholder" />
        <span className="placeholder" />
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="reply-preview reply-preview--problem" role="alert">
        <Icon name="alert" />
        <p>
          <strong>{state.problem.message}</strong> {state.problem.hint}
        </p>
      </div>
    );
  }
  const { preview } = state;
  if (preview.kind === 'binary') {
    return (
      <div className="reply-preview reply-preview--binary">
        <p>
          This reply is binary data ({formatBytes(preview.bytes)}), not text: open or download it to see it in
          the app made for it.
        </p>
      </div>
    );
  }
  const text = preview.kind === 'json' && !preview.truncated ? prettyJson(preview.text) : preview.text;
  return (
    <div className="reply-preview">
      <p className="reply-preview__meta muted">
        {KIND_LABELS[preview.kind]}
        {preview.truncated
          ? ` · showing the first ${formatBytes(new TextEncoder().encode(preview.text).length)} of ${formatBytes(preview.bytes)}`
          : ` · ${formatBytes(preview.bytes)}`}
      </p>
      <section
        className="reply-preview__text"
        aria-label={`Contents of the reply to ${preview.fileName}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling preview must be reachable by keyboard
        tabIndex={0}
      >
        <pre>{text}</pre>
      </section>
    </div>
  );
}
