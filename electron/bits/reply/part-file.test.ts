import { link, lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partPaths } from './part-file.js';
import { pattern } from './test-support/fake-http.js';
import { harness, listDir, replyFixture } from './test-support/reply-harness.js';

const fixture = replyFixture({ etag: '"v1"' });
const OWNER = '0b6f1f0e-2f4c-4b7e-9c55-1d1b2b3c4d5e';

/** A file outside the reply folder that a planted link points at: it must never change. */
async function outsideFile(): Promise<string> {
  const folder = join(fixture.dir, 'elsewhere');
  await mkdir(folder);
  const path = join(folder, 'precious.txt');
  await writeFile(path, 'precious');
  return path;
}

describe('reply temp files: one owner each, links never followed', () => {
  it('names the temp file and sidecar after the job that owns the download', () => {
    const a = partPaths('/r/receipt.xml', OWNER);
    expect(a).toEqual({
      partPath: `/r/receipt.xml.${OWNER}.bits-part`,
      sidecarPath: `/r/receipt.xml.${OWNER}.bits-part.json`,
    });
    expect(partPaths('/r/receipt.xml', 'other-job').partPath).not.toBe(a.partPath);
  });

  it('keeps two racing downloads to one destination apart: the reply is one of them, whole', async () => {
    const first = setupFor(pattern(40, 1));
    const second = setupFor(pattern(40, 7));
    const results = await Promise.allSettled([
      first.run({ owner: 'job-a', rangeSize: 5 }),
      second.run({ owner: 'job-b', rangeSize: 7 }),
    ]);
    // Without permission to replace, the loser finds the name taken instead of mixing bytes in.
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const saved = await readFile(fixture.dest);
    const winner = results[0]!.status === 'fulfilled' ? pattern(40, 1) : pattern(40, 7);
    expect(saved.equals(winner)).toBe(true);
  });

  it('replaces a symbolic link planted at the temp path instead of writing through it', async () => {
    const target = await outsideFile();
    const { partPath } = partPaths(fixture.dest, OWNER);
    await symlink(target, partPath);
    await setupFor(pattern(30)).run({ owner: OWNER });
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect((await readFile(fixture.dest)).equals(pattern(30))).toBe(true);
    expect(await listDir(fixture.dir)).toEqual(['elsewhere', 'reply.bin']);
  });

  it('replaces a symbolic link planted at the sidecar path instead of writing through it', async () => {
    const target = await outsideFile();
    const { sidecarPath } = partPaths(fixture.dest, OWNER);
    await symlink(target, sidecarPath);
    const h = setupFor(pattern(30));
    // Interrupted after the sidecar was written: the link is gone, the outside file unchanged.
    h.server.tamper = (request, answer) =>
      request.method === 'GET' ? { status: 503, statusText: 'Busy' } : answer;
    const error = await h.fail({ owner: OWNER });
    expect(error.httpStatus).toBe(503);
    h.server.tamper = undefined;
    expect((await lstat(sidecarPath).catch(() => undefined))?.isSymbolicLink() ?? false).toBe(false);
    expect(await readFile(target, 'utf8')).toBe('precious');
    await h.run({ owner: OWNER });
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect((await readFile(fixture.dest)).equals(pattern(30))).toBe(true);
  });

  it('does not write into a file hard-linked at the temp path', async () => {
    const target = await outsideFile();
    const { partPath } = partPaths(fixture.dest, OWNER);
    await link(target, partPath);
    await setupFor(pattern(30)).run({ owner: OWNER });
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect((await readFile(fixture.dest)).equals(pattern(30))).toBe(true);
  });

  it('replaces a link at the destination only when allowed, and never what it points at', async () => {
    const target = await outsideFile();
    await symlink(target, fixture.dest);
    const refused = await setupFor(pattern(30)).fail({ owner: OWNER });
    expect(refused.message).toMatch(/^A file already exists at .*reply\.bin/);
    expect(await readlink(fixture.dest)).toBe(target);
    await setupFor(pattern(30)).run({ owner: OWNER, overwrite: true });
    expect((await lstat(fixture.dest)).isSymbolicLink()).toBe(false);
    expect((await readFile(fixture.dest)).equals(pattern(30))).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('precious');
  });

  it('keeps every temp name within 255 bytes for the longest reply name', async () => {
    const dest = join(fixture.dir, `${'報'.repeat(85)}`);
    const { partPath, sidecarPath } = partPaths(dest, OWNER);
    expect(Buffer.byteLength(basename(sidecarPath))).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(basename(`${partPath}.tmp`))).toBeLessThanOrEqual(255);
    const h = harness(setupFor(pattern(30)).transport, dest);
    await h.run({ owner: OWNER });
    expect((await readFile(dest)).equals(pattern(30))).toBe(true);
  });
});

function setupFor(content: Buffer) {
  const { server, transport, h } = fixture.setup(content);
  return Object.assign(h, { server, transport });
}
