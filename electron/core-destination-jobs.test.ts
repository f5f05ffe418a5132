import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from './core.js';
import { createJobStore, openDatabase } from './store/index.js';

describe('jobs from a saved destination (destinationId)', () => {
  it('take its headers, credentials and fragment size; explicit ones win; a removed one is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bits-dest-jobs-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const core = await createCore({ dataDir: join(dir, 'data') });
    onTestFinished(() => core.close());
    const file = join(dir, 'dump.dmp');
    writeFileSync(file, 'dump');
    const saved = await core.commands.saveDestination({
      name: 'Dumps',
      url: 'https://dumps.example/upload/',
      headers: [['X-Api-Key', 'k1']],
      credentials: { user: 'ann', password: 'pw' },
      fragmentSize: 1024 * 1024,
    });
    const [job] = await core.commands.addMany([
      {
        filePath: file,
        url: 'https://dumps.example/upload/dump.dmp',
        destinationId: saved.id,
        suspended: true,
      },
    ]);
    expect(job).toMatchObject({ headerNames: ['X-Api-Key'], hasCredentials: true });
    const own = await core.commands.add({
      filePath: file,
      url: 'https://dumps.example/upload/other.dmp',
      destinationId: saved.id,
      headers: [['X-Tenant', 'blue']],
      fragmentSize: 64 * 1024,
      suspended: true,
    });
    expect(own).toMatchObject({ headerNames: ['X-Tenant'], hasCredentials: true });
    await expect(
      core.commands.add({
        filePath: file,
        url: 'https://elsewhere.example/upload/x',
        destinationId: saved.id,
      }),
    ).rejects.toMatchObject({ code: 'not-allowed', message: /sent to https:\/\/dumps\.example only/ });
    await core.commands.removeDestination(saved.id);
    await expect(
      core.commands.add({ filePath: file, url: 'https://dumps.example/upload/x', destinationId: saved.id }),
    ).rejects.toMatchObject({ code: 'not-found', message: 'The saved destination chosen no longer exists.' });
    // The fragment size is not in a job's public view: read the stored rows.
    await core.close();
    const store = createJobStore(openDatabase(join(dir, 'data', 'bits-uploader.db')).db);
    expect(store.getJob(job!.id)?.options.fragmentSize).toBe(1024 * 1024);
    expect(store.getJob(own.id)?.options.fragmentSize).toBe(64 * 1024);
    store.close();
  });

  it('take its client certificate and pins too, so a job reaches a server that demands them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bits-dest-tls-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const certFile = join(dir, 'client.pem');
    const keyFile = join(dir, 'client.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-subj',
        '/CN=client',
        '-days',
        '2',
      ],
      { stdio: 'ignore' },
    );
    const core = await createCore({ dataDir: join(dir, 'data') });
    onTestFinished(() => core.close());
    const file = join(dir, 'dump.dmp');
    writeFileSync(file, 'dump');
    const pin = `sha256:${'AB:'.repeat(31)}AB`;
    const saved = await core.commands.saveDestination({
      name: 'Pinned',
      url: 'https://dumps.example/upload/',
      clientCert: { certFile, keyFile },
      pins: [pin],
    });
    const job = await core.commands.add({
      filePath: file,
      url: 'https://dumps.example/upload/dump.dmp',
      destinationId: saved.id,
      suspended: true,
    });
    const plain = await core.commands.add({
      filePath: file,
      url: 'https://dumps.example/upload/plain.dmp',
      suspended: true,
    });
    await core.close();
    const store = createJobStore(openDatabase(join(dir, 'data', 'bits-uploader.db')).db);
    onTestFinished(() => store.close());
    expect(store.getJob(job.id)?.options.clientCert).toMatchObject({ certFile, keyFile });
    expect(store.getJob(job.id)?.options.pins?.length).toBe(1);
    expect(store.getJob(plain.id)?.options.clientCert).toBeUndefined();
    expect(store.getJob(plain.id)?.options.pins).toBeUndefined();
  });
});
