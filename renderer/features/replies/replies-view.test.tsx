import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplyFile } from '../../../shared/contract/core-api.js';
import type { ReplyPreview } from '../../../shared/contract/host-api.js';
import { APP_VIEWS } from '../../app-views.js';
import { ViewRail } from '../../components/view-rail.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { renderWithHost } from '../../testing/render-app.js';
import { RepliesView } from './replies-view.js';
import { useUnreadReplies } from './use-replies.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const replyJob = (name: string, replyName: string) =>
  makeJob({
    fileName: name,
    type: 'upload-reply',
    state: 'acknowledged',
    replyPath: `/data/replies/${replyName}`,
    completedAt: Date.UTC(2026, 0, 5, 10),
  });

function filesOf(jobs: ReturnType<typeof replyJob>[]): ReplyFile[] {
  return jobs.map((job) => ({
    jobId: job.id,
    fileName: job.fileName,
    replyPath: job.replyPath!,
    bytes: 120,
    completedAt: job.completedAt,
  }));
}

function previewOf(kind: ReplyPreview['kind'], text: string, extra: Partial<ReplyPreview> = {}) {
  return (payload: unknown): ReplyPreview => ({
    jobId: (payload as { jobId: string }).jobId,
    fileName: 'data.zip',
    bytes: text.length,
    kind,
    text,
    truncated: false,
    ...extra,
  });
}

/** The rail with the Replies badge, as the App draws it. */
function RailWithBadge() {
  const unread = useUnreadReplies();
  return <ViewRail views={APP_VIEWS} counts={{ replies: unread }} />;
}

async function renderReplies(
  jobs: ReturnType<typeof replyJob>[],
  preview: (payload: unknown) => unknown,
  extra = {},
) {
  return renderWithHost(
    <>
      <RailWithBadge />
      <RepliesView />
    </>,
    {
      jobs,
      storage: localStorage,
      handlers: { 'replies:list': () => filesOf(jobs), 'replies:preview': preview },
      ...extra,
    },
  );
}

const badge = () =>
  screen.getByRole('tab', { name: /Replies/ }).querySelector('.view-rail__count')?.textContent;

describe('the Replies view', () => {
  it('shows markup in a reply as text: no script runs and no image loads', async () => {
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>';
    const job = replyJob('data.zip', 'receipt.html');
    await renderReplies([job], previewOf('xml', hostile));
    await userEvent.setup().click(await screen.findByRole('button', { name: /^Preview receipt\.html/ }));
    const contents = await screen.findByRole('region', { name: 'Contents of the reply to data.zip' });
    expect(contents.textContent).toBe(hostile);
    expect(contents.querySelector('script, img, b')).toBeNull();
    expect(document.querySelector('img, script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('pretty-prints a JSON reply', async () => {
    await renderReplies([replyJob('data.zip', 'answer.json')], previewOf('json', '{"ok":true,"ids":[1,2]}'));
    await userEvent.setup().click(await screen.findByRole('button', { name: /^Preview answer\.json/ }));
    const contents = await screen.findByRole('region', { name: /Contents of the reply/ });
    expect(contents.textContent).toBe('{\n  "ok": true,\n  "ids": [\n    1,\n    2\n  ]\n}');
    expect(screen.getByText(/JSON · 23 B/)).toBeTruthy();
  });

  it('says a binary reply is binary, and a long one how much is shown', async () => {
    const jobs = [replyJob('a.bin', 'a.out'), replyJob('b.log', 'b.txt')];
    await renderReplies(jobs, (payload) =>
      (payload as { jobId: string }).jobId === jobs[0]!.id
        ? previewOf('binary', '', { bytes: 4096 })(payload)
        : previewOf('text', 'line\n', { bytes: 3 * 1024 * 1024, truncated: true })(payload),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Preview a\.out/ }));
    expect(await screen.findByText(/This reply is binary data \(4\.0 KiB\)/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /^Preview b\.txt/ }));
    expect(await screen.findByText(/showing the first 5 B of 3\.0 MiB/)).toBeTruthy();
  });

  it('counts unread replies on the rail; previewing, opening and "Mark all read" clear them, and it is remembered', async () => {
    const jobs = [
      replyJob('one.zip', 'one.xml'),
      replyJob('two.zip', 'two.xml'),
      replyJob('three.zip', 'three.xml'),
    ];
    const { bridge } = await renderReplies(jobs, previewOf('xml', '<ok/>'));
    const user = userEvent.setup();
    await screen.findByRole('button', { name: /^Preview one\.xml.*unread$/ });
    expect(badge()).toBe('3');
    await user.click(screen.getByRole('button', { name: /^Preview one\.xml/ }));
    await screen.findByRole('region', { name: /Contents of the reply/ });
    expect(badge()).toBe('2');
    await user.click(screen.getByRole('button', { name: /^Preview two\.xml/ }));
    await user.click(await screen.findByRole('button', { name: 'Open' }));
    expect(bridge.callsTo('replies:open')).toEqual([{ jobId: jobs[1]!.id }]);
    expect(badge()).toBe('1');
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(badge()).toBeUndefined();
    expect(screen.getByRole('heading', { name: /Replies all read/ })).toBeTruthy();
    cleanup();
    // Another visit to the same host remembers what was read.
    await renderReplies(jobs, previewOf('xml', '<ok/>'));
    await screen.findByRole('button', { name: /^Preview one\.xml/ });
    expect(badge()).toBeUndefined();
  });

  it('offers Download in a browser and Show in folder where the host can reveal files', async () => {
    const job = replyJob('data.zip', 'r.xml');
    const { stores, bridge } = await renderReplies([job], previewOf('xml', '<ok/>'), {
      capabilities: { canOpenFiles: false, canDownloadReplies: true, canRevealFiles: true },
    });
    const downloads: string[] = [];
    stores.transport.downloadReply = async (jobId) => {
      downloads.push(jobId);
      return { fileName: 'r.xml', blob: new Blob(['<ok/>']) };
    };
    URL.createObjectURL = () => 'blob:reply';
    URL.revokeObjectURL = () => {};
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Preview r\.xml/ }));
    expect(screen.queryByRole('button', { name: 'Open' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Download' }));
    expect(downloads).toEqual([job.id]);
    await user.click(screen.getByRole('button', { name: 'Show in folder' }));
    expect(bridge.callsTo('replies:reveal')).toEqual([{ jobId: job.id }]);
  });

  it('explains upload-reply jobs when there are no replies, and lists a reply once its job finishes', async () => {
    const job = replyJob('late.zip', 'late.xml');
    let files: ReplyFile[] = [];
    const { bridge } = await renderWithHost(<RepliesView />, {
      handlers: { 'replies:list': () => files },
    });
    expect(await screen.findByRole('heading', { name: 'No replies yet' })).toBeTruthy();
    expect(screen.getByText(/upload-reply/, { selector: 'strong' })).toBeTruthy();
    files = filesOf([job]);
    await act(async () => {
      bridge.push({ kind: 'event', seq: 1, event: { type: 'job-changed', job } });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    const list = await screen.findByRole('list');
    expect(within(list).getByText('late.xml')).toBeTruthy();
  });

  it('says why the list could not be had, and tries again on request', async () => {
    let fail = true;
    await renderWithHost(<RepliesView />, {
      handlers: {
        'replies:list': () => {
          if (fail) throw { code: 'io', message: 'The replies folder cannot be read.' };
          return [];
        },
      },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('The replies folder cannot be read.');
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry listing replies' }));
    expect(await screen.findByRole('heading', { name: 'No replies yet' })).toBeTruthy();
  });
});
