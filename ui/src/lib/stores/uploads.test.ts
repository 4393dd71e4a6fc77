import { describe, expect, it, vi } from 'vitest';

import { BackendError } from '../backend';
import { MemoryBackend } from '../backend/memory';
import { Transfers } from './transfers.svelte';
import { Uploads, type UploadTarget } from './uploads.svelte';

/** A folder "Day 01" holding a.mov, b.mov and a folder Sound; the stores over it. */
async function setup() {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'P', description: '' });
  const folder = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  backend.files.add(project.id, folder.id, 'a.mov', { size: 1 });
  backend.files.add(project.id, folder.id, 'b.mov', { size: 1 });
  await backend.createFolder(project.id, { name: 'Sound', parent_id: folder.id });
  backend.transfers.local.set('/m/Sound', { 'x.wav': 10 });
  const transfers = new Transfers(backend, (flush) => flush());
  await transfers.start();
  const refresh = vi.fn<(target: UploadTarget) => void>();
  const uploads = new Uploads(backend, transfers, refresh);
  const target: UploadTarget = { connection: 'local', projectId: project.id, folderId: folder.id, folderName: 'Day 01' };
  return { backend, transfers, uploads, refresh, target, folder };
}

/** Waits for the clash dialog's question and returns it. */
async function clash(uploads: Uploads) {
  await vi.waitFor(() => expect(uploads.clash).not.toBeNull());
  return uploads.clash;
}

describe('Uploads', () => {
  it('queues what does not clash at once, keeping both to be safe, and lists the folder again', async () => {
    const { backend, uploads, transfers, refresh, target } = await setup();
    const batch = await uploads.upload(target, ['/m/new.mov']);
    expect(batch?.transfers).toMatchObject([{ name: 'new.mov', on_conflict: 'keep_both', state: 'queued' }]);
    expect(uploads.clash).toBeNull();
    expect(transfers.notice).toEqual({ kind: 'info', text: 'Uploading new.mov to Day 01.' });
    expect(refresh).toHaveBeenCalledOnce();
    expect(refresh).toHaveBeenLastCalledWith(target);

    backend.transfers.runAll();
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(transfers.notice).toEqual({ kind: 'info', text: 'Uploaded 1 file to Day 01.' });
  });

  it('asks about each clash, naming it and where it is', async () => {
    const { uploads, target } = await setup();
    const queued = uploads.upload(target, ['/m/a.mov', '/m/new.mov', '/m/b.mov', '/m/Sound']);
    expect(await clash(uploads)).toEqual({ name: 'a.mov', isDir: false, where: 'Day 01', more: 2 });
    uploads.answer('replace');
    expect(await clash(uploads)).toEqual({ name: 'b.mov', isDir: false, where: 'Day 01', more: 1 });
    uploads.answer('skip');
    expect(await clash(uploads)).toEqual({ name: 'Sound', isDir: true, where: 'Day 01', more: 0 });
    uploads.answer('keep_both');
    const batch = await queued;
    expect(uploads.clash).toBeNull();
    expect(batch?.transfers.map((t) => [t.local_path, t.on_conflict])).toEqual([
      ['/m/a.mov', 'replace'],
      ['/m/new.mov', 'keep_both'],
      ['/m/Sound/x.wav', 'keep_both'],
    ]);
  });

  it('answers the remaining clashes the same way with Apply to all', async () => {
    const { backend, uploads, target } = await setup();
    const queueUploads = vi.spyOn(backend, 'queueUploads');
    const queued = uploads.upload(target, ['/m/a.mov', '/m/b.mov', '/m/Sound', '/m/new.mov']);
    await clash(uploads);
    uploads.answer('replace', true);
    await queued;
    expect(queueUploads.mock.calls[0]?.[2]).toEqual([
      { path: '/m/a.mov', on_conflict: 'replace' },
      { path: '/m/b.mov', on_conflict: 'replace' },
      { path: '/m/Sound', on_conflict: 'replace' },
      { path: '/m/new.mov', on_conflict: 'keep_both' },
    ]);
  });

  it('queues nothing when the person cancels, even after answering some clashes', async () => {
    const { backend, uploads, transfers, refresh, target } = await setup();
    const queueUploads = vi.spyOn(backend, 'queueUploads');
    const queued = uploads.upload(target, ['/m/a.mov', '/m/b.mov']);
    await clash(uploads);
    uploads.answer('keep_both');
    await vi.waitFor(() => expect(uploads.clash?.name).toBe('b.mov'));
    uploads.cancel();
    expect(await queued).toBeNull();
    expect(queueUploads).not.toHaveBeenCalled();
    expect(refresh).not.toHaveBeenCalled();
    expect(transfers.notice?.text).toBe('Upload cancelled: nothing was sent.');
  });

  it('says so when every clash was skipped, and queues nothing', async () => {
    const { backend, uploads, transfers, target } = await setup();
    const queueUploads = vi.spyOn(backend, 'queueUploads');
    const queued = uploads.upload(target, ['/m/a.mov', '/m/b.mov']);
    await clash(uploads);
    uploads.answer('skip', true);
    expect(await queued).toBeNull();
    expect(queueUploads).not.toHaveBeenCalled();
    expect(transfers.notice?.text).toBe('Nothing to upload: everything was already in Day 01 and skipped.');
  });

  it('handles one drop after another', async () => {
    const { uploads, target } = await setup();
    const first = uploads.upload(target, ['/m/a.mov']);
    const second = uploads.upload(target, ['/m/other.mov']);
    await clash(uploads);
    uploads.answer('skip');
    expect(await first).toBeNull();
    expect((await second)?.transfers.map((t) => t.name)).toEqual(['other.mov']);
  });

  it('uploads what the person picked in the system dialog, and nothing when it was cancelled', async () => {
    const { backend, uploads, target } = await setup();
    const pickUploads = vi.spyOn(backend, 'pickUploads');
    backend.transfers.picks = ['/m/picked.mov'];
    expect((await uploads.pick(target, false))?.transfers.map((t) => t.name)).toEqual(['picked.mov']);
    backend.transfers.picks = [];
    expect(await uploads.pick(target, true)).toBeNull();
    expect(pickUploads.mock.calls).toEqual([[false], [true]]);
  });

  it('says why an upload could not be queued', async () => {
    const { backend, uploads, transfers, target } = await setup();
    vi.spyOn(backend, 'checkUploads').mockRejectedValueOnce(new BackendError('offline', 'connection refused'));
    expect(await uploads.upload(target, ['/m/new.mov'])).toBeNull();
    expect(transfers.notice).toEqual({
      kind: 'error',
      text: 'Couldn’t upload to Day 01. The server could not be reached. Check the network, or that the server is running, then try again. (connection refused)',
    });
  });

  it('says how many failed when the batch ends', async () => {
    const { backend, uploads, transfers, target } = await setup();
    const batch = await uploads.upload(target, ['/m/new.mov', '/m/new2.mov']);
    const [first] = batch?.transfers ?? [];
    backend.transfers.fail(first!.id, { code: 'offline', message: 'gone' });
    backend.transfers.runAll();
    expect(transfers.notice).toEqual({ kind: 'error', text: '1 of 2 files uploaded to Day 01; 1 failed — see Transfers for why.' });
  });

  it('still lists the folder again when the batch finished before queuing answered', async () => {
    const { backend, uploads, refresh, target } = await setup();
    const queueUploads = backend.queueUploads.bind(backend);
    vi.spyOn(backend, 'queueUploads').mockImplementationOnce(async (...args) => {
      const batch = await queueUploads(...args);
      backend.transfers.runAll();
      return batch;
    });
    await uploads.upload(target, ['/m/new.mov']);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('uploads one file dropped on a file as its next version, whatever its name', async () => {
    const { backend, uploads, transfers, refresh, target } = await setup();
    const a = backend.files.inFolder(target.folderId).find((f) => f.name === 'a.mov');
    if (!a) throw new Error('a.mov is missing');
    const version = vi
      .spyOn(backend, 'uploadNewVersion')
      .mockImplementation((file, path, connection) =>
        backend.queueUploads(file.projectId, file.folderId, [{ path, on_conflict: 'new_version', version_of: file.fileId }], connection),
      );
    const onto = { ...target, versionOf: { fileId: a.id, name: 'a.mov' } };
    const batch = await uploads.upload(onto, ['/m/a_v2.mov']);
    expect(version).toHaveBeenCalledWith({ projectId: target.projectId, folderId: target.folderId, fileId: a.id }, '/m/a_v2.mov', 'local');
    expect(batch?.transfers).toHaveLength(1);
    expect(uploads.clash).toBeNull();
    expect(transfers.notice).toEqual({ kind: 'info', text: 'Uploading a_v2.mov as a new version of a.mov.' });
    expect(refresh).toHaveBeenLastCalledWith(onto);
  });

  it('adds no version from several files or a folder dropped on a file, and says how', async () => {
    const { backend, uploads, transfers, target } = await setup();
    const version = vi.spyOn(backend, 'uploadNewVersion');
    const onto = { ...target, versionOf: { fileId: 1, name: 'a.mov' } };
    expect(await uploads.upload(onto, ['/m/one.mov', '/m/two.mov'])).toBeNull();
    expect(transfers.notice?.text).toBe('Nothing was uploaded: drop one file on a.mov to add it as a new version, or drop onto the folder.');
    expect(await uploads.upload(onto, ['/m/Sound'])).toBeNull();
    expect(version).not.toHaveBeenCalled();
  });
});
