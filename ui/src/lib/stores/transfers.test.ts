import { describe, expect, it, vi } from 'vitest';

import type { Transfer } from '../api-types';
import { BackendError } from '../backend';
import { MemoryBackend } from '../backend/memory';
import { totalsOf, Transfers } from './transfers.svelte';

/** A store whose progress is applied only when the test flushes it. */
async function queue(names = ['a.mov', 'b.mov', 'c.mov'], size = 1_000) {
  const backend = new MemoryBackend();
  backend.settings.concurrency = 1;
  backend.transfers.speed = 100;
  const project = await backend.createProject({ name: 'P', description: '' });
  const folder = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  for (const name of names) backend.transfers.local.set(`/m/${name}`, size);
  const frames: (() => void)[] = [];
  const transfers = new Transfers(backend, (flush) => frames.push(flush));
  await transfers.start();
  const items = names.map((n) => ({ path: `/m/${n}`, on_conflict: 'keep_both' as const }));
  const batch = items.length > 0 ? await backend.queueUploads(project.id, folder.id, items) : null;
  const ids = batch?.transfers.map((t) => t.id) ?? [];
  const frame = () => frames.splice(0).forEach((f) => f());
  return { backend, transfers, project, folder, ids, frames, frame };
}

const states = (transfers: Transfers) => transfers.items.map((t) => `${t.name}:${t.state}`);

function transfer(fields: Partial<Transfer>): Transfer {
  const base = { id: 't', direction: 'upload', connection: 'local', name: 'x', local_path: '/x' } as const;
  const at = { project_id: 1, folder_id: 2, file_id: null, batch: 'b', on_conflict: 'keep_both' } as const;
  return { ...base, ...at, size: 100, state: 'queued', done: 0, rate: 0, eta_secs: null, error: null, ...fields };
}

describe('Transfers', () => {
  it('lists what the engine has at start, then follows its changes', async () => {
    const { backend, transfers, ids } = await queue();
    expect(transfers.state).toBe('ready');
    expect(states(transfers)).toEqual(['a.mov:queued', 'b.mov:queued', 'c.mov:queued']);
    backend.transfers.tick(1_000);
    expect(states(transfers)).toEqual(['a.mov:sending', 'b.mov:queued', 'c.mov:queued']);
    backend.transfers.runAll();
    expect(states(transfers)).toEqual(['a.mov:done', 'b.mov:done', 'c.mov:done']);
    await transfers.clearFinished();
    expect(transfers.items).toEqual([]);
    expect(ids).toHaveLength(3);
  });

  it('applies progress once a frame, the latest per transfer', async () => {
    const { backend, transfers, frames, frame } = await queue();
    backend.transfers.tick(1_000);
    backend.transfers.tick(1_000);
    backend.transfers.tick(1_000);
    // Three progress events, one frame asked for, nothing applied yet.
    expect(frames).toHaveLength(1);
    expect(transfers.items[0]).toMatchObject({ state: 'sending', done: 0 });
    frame();
    expect(transfers.items[0]).toMatchObject({ state: 'sending', done: 300, rate: 100, eta_secs: 7 });
  });

  it('lets a change win over progress still waiting for the frame', async () => {
    const { backend, transfers, ids, frame } = await queue();
    backend.transfers.tick(1_000);
    backend.transfers.tick(1_000);
    await transfers.pause(ids[0]!);
    frame();
    expect(transfers.items[0]).toMatchObject({ state: 'paused', rate: 0 });
    expect(transfers.items[0]?.done).toBe(200);
  });

  it('keeps the objects of transfers that did not change', async () => {
    const { backend, transfers, frame } = await queue();
    const [, b, c] = transfers.items;
    backend.transfers.tick(1_000);
    backend.transfers.tick(1_000);
    frame();
    expect(transfers.items[1]).toBe(b);
    expect(transfers.items[2]).toBe(c);
  });

  it('removes what the engine removed and lists again on resync', async () => {
    const { backend, transfers, ids } = await queue();
    await backend.cancelTransfer(ids[1]!);
    await backend.clearFinishedTransfers();
    expect(states(transfers)).toEqual(['a.mov:queued', 'c.mov:queued']);

    const listTransfers = vi.spyOn(backend, 'listTransfers');
    backend.transfers.resync();
    await vi.waitFor(() => expect(listTransfers).toHaveBeenCalledOnce());
    expect(states(transfers)).toEqual(['a.mov:queued', 'c.mov:queued']);
  });

  it('lists again when a listed transfer changed while the list was on its way', async () => {
    const { backend, transfers, ids } = await queue();
    let answer: (value: Transfer[]) => void = () => {};
    const stale = await backend.listTransfers();
    const listTransfers = vi.spyOn(backend, 'listTransfers').mockImplementationOnce(() => new Promise((r) => (answer = r)));
    const loading = transfers.load();
    await backend.pauseTransfer(ids[0]!);
    answer(stale);
    await loading;
    await vi.waitFor(() => expect(listTransfers).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(states(transfers)[0]).toBe('a.mov:paused'));
  });

  it('keeps a transfer queued while the list was on its way', async () => {
    const { backend, transfers, project, folder } = await queue(['a.mov']);
    let answer: (value: Transfer[]) => void = () => {};
    const before = await backend.listTransfers();
    vi.spyOn(backend, 'listTransfers').mockImplementationOnce(() => new Promise((r) => (answer = r)));
    const loading = transfers.load();
    backend.transfers.local.set('/m/new.mov', 10);
    await backend.queueUploads(project.id, folder.id, [{ path: '/m/new.mov', on_conflict: 'keep_both' }]);
    answer(before);
    await loading;
    expect(states(transfers)).toEqual(['a.mov:queued', 'new.mov:queued']);
  });

  it('moves a queued transfer past the queued one before or after it, then lists again', async () => {
    const { backend, transfers, ids } = await queue();
    backend.transfers.tick(1_000);
    expect(transfers.moveTarget(ids[0]!, 'down')).toBeNull();
    expect(transfers.moveTarget(ids[1]!, 'up')).toBeNull();
    expect(transfers.moveTarget(ids[1]!, 'down')).toBe(2);
    await transfers.move(ids[2]!, 'up');
    expect(states(transfers)).toEqual(['a.mov:sending', 'c.mov:queued', 'b.mov:queued']);
    expect((await backend.listTransfers()).map((t) => t.name)).toEqual(['a.mov', 'c.mov', 'b.mov']);
  });

  it('rejects a failed action with a BackendError', async () => {
    const { transfers } = await queue();
    await expect(transfers.pause('nope')).rejects.toBeInstanceOf(BackendError);
  });

  it('shows an error when the list cannot be read', async () => {
    const backend = new MemoryBackend();
    vi.spyOn(backend, 'listTransfers').mockRejectedValueOnce(new BackendError('internal', 'queue.db is locked'));
    const transfers = new Transfers(backend, () => {});
    await transfers.start();
    expect(transfers.state).toBe('error');
    expect(transfers.error?.message).toBe('queue.db is locked');
    await transfers.load();
    expect(transfers.state).toBe('ready');
  });

  it('queues downloads and says when they are queued and done', async () => {
    const { backend, transfers, project, folder } = await queue([]);
    const file = backend.files.add(project.id, folder.id, 'A001.mov', { size: 300 });
    const batch = await transfers.download('local', [file]);
    expect(batch?.transfers).toMatchObject([{ direction: 'download', name: 'A001.mov', size: 300 }]);
    expect(transfers.notice).toEqual({ kind: 'info', text: 'Downloading A001.mov to your download folder.' });
    backend.transfers.runAll();
    expect(transfers.notice).toEqual({ kind: 'info', text: 'Downloaded A001.mov to your download folder.' });
    transfers.dismiss();
    expect(transfers.notice).toBeNull();

    await transfers.download('local', [{ ...file, id: 999 }]);
    expect(transfers.notice?.kind).toBe('error');
    expect(transfers.notice?.text).toMatch(/^Couldn’t download A001.mov\. It is not there any more/);
  });

  it('points out a chosen download folder that is missing, and queues nothing', async () => {
    const { backend, transfers, project, folder } = await queue([]);
    const file = backend.files.add(project.id, folder.id, 'A001.mov', { size: 300 });
    await backend.setSettings({ ...(await backend.getSettings()), download_dir: '/media/raid/Downloads' });
    backend.transfers.missing.add('/media/raid/Downloads');
    expect(await transfers.download('local', [file])).toBeNull();
    expect(transfers.notice?.kind).toBe('error');
    expect(transfers.notice?.text).toBe(
      'Couldn’t download A001.mov. The download folder /media/raid/Downloads does not exist (is its drive connected?). Connect it, or choose another in Settings.',
    );
    expect(await backend.listTransfers()).toEqual([]);
  });

  it('counts active, failed and finished transfers and sums the batches still moving', () => {
    const totals = totalsOf([
      transfer({ id: '1', batch: 'x', state: 'done', done: 100, size: 100 }),
      transfer({ id: '2', batch: 'x', state: 'sending', done: 50, size: 100, rate: 25 }),
      transfer({ id: '3', batch: 'x', state: 'queued', done: 0, size: null }),
      transfer({ id: '4', batch: 'x', state: 'skipped', done: 0, size: 100 }),
      transfer({ id: '5', batch: 'y', state: 'done', done: 500, size: 500 }),
      transfer({ id: '6', batch: 'z', state: 'failed', done: 10, size: 100 }),
      transfer({ id: '7', batch: 'z', state: 'paused', done: 10, size: 100 }),
    ]);
    expect(totals).toEqual({ active: 2, done: 150, size: 200, rate: 25, etaSecs: 2, failed: 1, paused: 1, finished: 3 });
    expect(totalsOf([])).toEqual({ active: 0, done: 0, size: 0, rate: 0, etaSecs: null, failed: 0, paused: 0, finished: 0 });
  });

  describe('paused and going back', () => {
    it('counts paused transfers apart from finished ones', () => {
      const totals = totalsOf([transfer({ id: 'a', state: 'paused', done: 40 }), transfer({ id: 'b', state: 'done', done: 100 })]);
      expect(totals).toMatchObject({ active: 0, paused: 1, finished: 1 });
    });

    it('remembers where progress went back from, until it is past that again', () => {
      const transfers = new Transfers(new MemoryBackend(), (flush) => flush());
      transfers.apply({ kind: 'changed', transfer: transfer({ id: 'a', state: 'sending', done: 60 }) });
      transfers.apply({ kind: 'changed', transfer: transfer({ id: 'a', state: 'paused', done: 60 }) });
      transfers.apply({ kind: 'changed', transfer: transfer({ id: 'a', state: 'sending', done: 60 }) });
      transfers.apply({ kind: 'progress', progress: { id: 'a', done: 40, size: 100, rate: 10, eta_secs: 6 } });
      expect(transfers.items[0]?.done).toBe(40);
      expect(transfers.rewoundFrom('a')).toBe(60);
      transfers.apply({ kind: 'progress', progress: { id: 'a', done: 61, size: 100, rate: 10, eta_secs: 4 } });
      expect(transfers.rewoundFrom('a')).toBeNull();
    });
  });
});
