// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { TransferEvent } from '../api-types';
import { MemoryBackend } from './memory';
import { freeName } from './memory-transfers';

async function day() {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const folder = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  const events: TransferEvent[] = [];
  await backend.onTransferEvent((e) => events.push(e));
  return { backend, project, folder, events };
}

const kinds = (events: TransferEvent[]) => events.map((e) => e.kind);

describe('MemoryTransfers', () => {
  it('says which dropped names are taken, files by files and folders by folders', async () => {
    const { backend, project, folder } = await day();
    backend.files.add(project.id, folder.id, 'A001.mov', { size: 10 });
    await backend.createFolder(project.id, { name: 'Sound', parent_id: folder.id });
    backend.transfers.local.set('/m/A001.mov', 1_000);
    backend.transfers.local.set('/m/Sound', { 'Day 01.wav': 500, '.DS_Store': 9, 'sub/b.wav': 250 });
    const candidates = await backend.checkUploads(project.id, folder.id, ['/m/A001.mov', '/m/Sound', '/m/B001.mov']);
    expect(candidates).toMatchObject([
      { path: '/m/A001.mov', name: 'A001.mov', is_dir: false, size: 1_000, files: 1, exists: true },
      { path: '/m/Sound', name: 'Sound', is_dir: true, size: 750, files: 2, exists: true },
      { path: '/m/B001.mov', name: 'B001.mov', is_dir: false, exists: false },
    ]);
    await expect(backend.checkUploads(project.id, folder.id, [])).rejects.toMatchObject({ code: 'invalid' });
    await expect(backend.checkUploads(project.id, folder.id, ['relative.mov'])).rejects.toMatchObject({ code: 'invalid' });
    await expect(backend.checkUploads(project.id, 999, ['/m/a'])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('runs uploads up to the concurrency, with progress, and lands them in the folder', async () => {
    const { backend, project, folder, events } = await day();
    backend.settings.concurrency = 1;
    backend.transfers.speed = 1_000;
    backend.transfers.local.set('/m/a.mov', 1_500);
    backend.transfers.local.set('/m/b.mov', 500);
    const batch = await backend.queueUploads(project.id, folder.id, [
      { path: '/m/a.mov', on_conflict: 'keep_both' },
      { path: '/m/b.mov', on_conflict: 'keep_both' },
    ]);
    expect(batch.transfers.map((t) => [t.name, t.state, t.size])).toEqual([['a.mov', 'queued', 1_500], ['b.mov', 'queued', 500]]);

    backend.transfers.tick(1_000);
    let [a, b] = await backend.listTransfers();
    expect([a?.state, a?.done, a?.rate, a?.eta_secs, b?.state]).toEqual(['sending', 1_000, 1_000, 1, 'queued']);
    expect(backend.files.inFolder(folder.id)).toMatchObject([{ name: 'a.mov', state: 'pending' }]);

    backend.transfers.tick(1_000);
    backend.transfers.tick(1_000);
    [a, b] = await backend.listTransfers();
    expect([a?.state, a?.done, b?.state]).toEqual(['done', 1_500, 'done']);
    expect(backend.files.inFolder(folder.id).map((f) => [f.name, f.state, f.size])).toEqual([
      ['a.mov', 'ready', 1_500],
      ['b.mov', 'ready', 500],
    ]);
    expect(events.at(-1)).toEqual({ kind: 'batch_finished', batch: batch.batch, done: 2, failed: 0 });
    expect(kinds(events)).toContain('progress');
  });

  it('keeps both, replaces or skips a taken name when the upload starts', async () => {
    const { backend, project, folder } = await day();
    const existing = backend.files.add(project.id, folder.id, 'a.mov', { size: 1 });
    backend.files.add(project.id, folder.id, 'b.mov', { size: 2 });
    backend.files.add(project.id, folder.id, 'c.mov', { size: 3 });
    for (const name of ['a', 'b', 'c']) backend.transfers.local.set(`/m/${name}.mov`, 100);
    const { batch } = await backend.queueUploads(project.id, folder.id, [
      { path: '/m/a.mov', on_conflict: 'replace' },
      { path: '/m/b.mov', on_conflict: 'keep_both' },
      { path: '/m/c.mov', on_conflict: 'skip' },
    ]);
    const events: TransferEvent[] = [];
    await backend.onTransferEvent((e) => events.push(e));
    backend.transfers.runAll();
    expect((await backend.listTransfers()).map((t) => [t.name, t.state])).toEqual([
      ['a.mov', 'done'],
      ['b (2).mov', 'done'],
      ['c.mov', 'skipped'],
    ]);
    const files = backend.files.inFolder(folder.id);
    expect(files.find((f) => f.id === existing.id)?.size).toBe(100);
    expect(files.map((f) => f.name).sort()).toEqual(['a.mov', 'b (2).mov', 'b.mov', 'c.mov']);
    expect(events.at(-1)).toEqual({ kind: 'batch_finished', batch, done: 3, failed: 0 });
  });

  it('recreates a dropped folder’s tree, leaving hidden files out', async () => {
    const { backend, project, folder } = await day();
    backend.transfers.local.set('/m/Day 04', { 'A-cam/a.mov': 10, 'A-cam/b.mov': 10, 'c.wav': 5, '.DS_Store': 1 });
    const queued = await backend.queueUploads(project.id, folder.id, [{ path: '/m/Day 04', on_conflict: 'keep_both' }]);
    expect(queued).toMatchObject({ folders_created: 2, skipped: 1 });
    expect(queued.transfers.map((t) => t.local_path)).toEqual(['/m/Day 04/A-cam/a.mov', '/m/Day 04/A-cam/b.mov', '/m/Day 04/c.wav']);
    const day04 = backend.folders.find((f) => f.name === 'Day 04');
    const acam = backend.folders.find((f) => f.name === 'A-cam');
    expect(day04?.parent_id).toBe(folder.id);
    expect(acam?.parent_id).toBe(day04?.id);
    expect(queued.transfers.map((t) => t.folder_id)).toEqual([acam?.id, acam?.id, day04?.id]);
  });

  it('downloads into the download folder, keeping both names', async () => {
    const { backend, project, folder } = await day();
    const file = backend.files.add(project.id, folder.id, 'A001.mov', { size: 2_000 });
    backend.settings.download_dir = '/media/in';
    const item = { folder_id: folder.id, file_id: file.id, name: file.name };
    const first = await backend.queueDownloads(project.id, [item]);
    const second = await backend.queueDownloads(project.id, [item]);
    expect(first.transfers[0]).toMatchObject({ direction: 'download', local_path: '/media/in/A001.mov', size: 2_000, file_id: file.id });
    expect(second.transfers[0]?.local_path).toBe('/media/in/A001 (2).mov');
    await expect(backend.queueDownloads(project.id, [{ ...item, file_id: 999 }])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('pauses, resumes, fails, retries, cancels, moves and clears', async () => {
    const { backend, project, folder, events } = await day();
    backend.settings.concurrency = 1;
    backend.transfers.speed = 100;
    for (const name of ['a', 'b', 'c']) backend.transfers.local.set(`/m/${name}.mov`, 1_000);
    const items = ['a', 'b', 'c'].map((n) => ({ path: `/m/${n}.mov`, on_conflict: 'keep_both' as const }));
    const { transfers } = await backend.queueUploads(project.id, folder.id, items);
    const [a, b, c] = transfers.map((t) => t.id) as [string, string, string];
    backend.transfers.tick(1_000);
    await backend.pauseTransfer(a);
    backend.transfers.tick(1_000);
    const states = async () => (await backend.listTransfers()).map((t) => `${t.name}:${t.state}`);
    expect(await states()).toEqual(['a.mov:paused', 'b.mov:sending', 'c.mov:queued']);

    await backend.moveTransfer(c, 0);
    expect(await states()).toEqual(['c.mov:queued', 'a.mov:paused', 'b.mov:sending']);

    backend.transfers.fail(b, { code: 'offline', message: 'connection refused' });
    expect((await backend.listTransfers())[2]).toMatchObject({ state: 'failed', error: { code: 'offline' }, rate: 0 });
    await backend.retryTransfer(b);
    await backend.resumeTransfer(a);
    await backend.cancelTransfer(c);
    expect(await states()).toEqual(['c.mov:cancelled', 'a.mov:queued', 'b.mov:queued']);
    expect(backend.files.inFolder(folder.id).map((f) => f.name)).toEqual(['a.mov', 'b.mov']);

    backend.transfers.runAll();
    await backend.clearFinishedTransfers();
    expect(await backend.listTransfers()).toEqual([]);
    expect(events.filter((e) => e.kind === 'removed')).toHaveLength(3);
    await expect(backend.pauseTransfer(a)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('hands file drops and resyncs to their listeners until they unsubscribe', async () => {
    const backend = new MemoryBackend();
    const drops: unknown[] = [];
    let resyncs = 0;
    const stop = await backend.onFileDrop((e) => drops.push(e));
    await backend.onTransfersResync(() => resyncs++);
    backend.transfers.fileDrop({ type: 'drop', paths: ['/m/a'], x: 1, y: 2 });
    stop();
    backend.transfers.fileDrop({ type: 'leave' });
    backend.transfers.resync();
    expect(drops).toEqual([{ type: 'drop', paths: ['/m/a'], x: 1, y: 2 }]);
    expect(resyncs).toBe(1);
  });

  it('numbers a free name before the extension', () => {
    const taken = new Set(['a.mov', 'a (2).mov', 'Day 01']);
    expect(freeName('a.mov', (n) => taken.has(n))).toBe('a (3).mov');
    expect(freeName('Day 01', (n) => taken.has(n))).toBe('Day 01 (2)');
    expect(freeName('.hidden', (n) => n === '.hidden')).toBe('.hidden (2)');
    expect(freeName('b.mov', (n) => taken.has(n))).toBe('b.mov');
  });
});
