// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview, type DragDropEvent } from '@tauri-apps/api/webview';

import type { TransferEvent } from '../api-types';
import type { FileDropEvent } from './transfers-types';
import { tauriBackend } from './tauri';
import { TRANSFER_EVENT, TRANSFERS_RESYNC } from '../api-types';
import { toFileDrop } from './tauri-transfers';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));
vi.mock('@tauri-apps/api/webview', () => ({ getCurrentWebview: vi.fn() }));

const invokeMock = vi.mocked(invoke);
const listenMock = vi.mocked(listen);

beforeEach(() => {
  invokeMock.mockReset();
  invokeMock.mockResolvedValue(undefined);
  listenMock.mockReset();
});

describe('the transfers’ commands', () => {
  it('are called by name with snake_case arguments', async () => {
    const b = tauriBackend;
    await b.listTransfers();
    await b.pickUploads(true);
    await b.pickFolder();
    await b.checkUploads(1, 2, ['/m/a.mov'], 'srv1');
    await b.queueUploads(1, 2, [{ path: '/m/a.mov', on_conflict: 'replace' }], 'local');
    await b.queueDownloads(1, [{ folder_id: 2, file_id: 3, name: 'a.mov' }], 'srv1');
    await b.pauseTransfer('t1');
    await b.resumeTransfer('t1');
    await b.retryTransfer('t1');
    await b.cancelTransfer('t1');
    await b.moveTransfer('t1', 0);
    await b.clearFinishedTransfers();
    await b.revealTransfer('t1');
    await b.openTransfer('t1');
    expect(invokeMock.mock.calls).toEqual([
      ['list_transfers', undefined],
      ['pick_uploads', { folders: true }],
      ['pick_folder', undefined],
      ['check_uploads', { connection: 'srv1', project_id: 1, folder_id: 2, paths: ['/m/a.mov'] }],
      ['queue_uploads', { connection: 'local', project_id: 1, folder_id: 2, items: [{ path: '/m/a.mov', on_conflict: 'replace' }] }],
      ['queue_downloads', { connection: 'srv1', project_id: 1, items: [{ folder_id: 2, file_id: 3, name: 'a.mov' }] }],
      ['pause_transfer', { id: 't1' }],
      ['resume_transfer', { id: 't1' }],
      ['retry_transfer', { id: 't1' }],
      ['cancel_transfer', { id: 't1' }],
      ['move_transfer', { id: 't1', index: 0 }],
      ['clear_finished_transfers', undefined],
      ['reveal_transfer', { id: 't1' }],
      ['open_transfer', { id: 't1' }],
    ]);
  });

  it('maps a rejection to a BackendError', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'disk_full', message: 'no space left' });
    await expect(tauriBackend.retryTransfer('t1')).rejects.toMatchObject({ code: 'disk_full', message: 'no space left' });
  });
});

describe('the transfers’ events', () => {
  it('hands on the payload of transfer-event and follows transfers-resync', async () => {
    const handlers = new Map<string, (e: { payload: unknown }) => void>();
    listenMock.mockImplementation(async (name, handler) => {
      handlers.set(name, handler as (e: { payload: unknown }) => void);
      return () => {};
    });
    const events: TransferEvent[] = [];
    const resync = vi.fn();
    await tauriBackend.onTransferEvent((e) => events.push(e));
    await tauriBackend.onTransfersResync(resync);
    const removed: TransferEvent = { kind: 'removed', id: 't1' };
    handlers.get(TRANSFER_EVENT)?.({ payload: removed });
    handlers.get(TRANSFERS_RESYNC)?.({ payload: null });
    expect(events).toEqual([removed]);
    expect(resync).toHaveBeenCalledOnce();
  });

  it('rejects with a BackendError when the event cannot be followed', async () => {
    listenMock.mockRejectedValueOnce('event.listen not allowed');
    await expect(tauriBackend.onTransfersResync(() => {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('turns drag and drop into CSS pixels', async () => {
    let handler: ((e: { payload: DragDropEvent }) => void) | undefined;
    const unlisten = vi.fn();
    vi.mocked(getCurrentWebview).mockReturnValue({
      onDragDropEvent: async (h: typeof handler) => {
        handler = h;
        return unlisten;
      },
    } as unknown as ReturnType<typeof getCurrentWebview>);
    vi.stubGlobal('window', { devicePixelRatio: 2 });
    const seen: FileDropEvent[] = [];
    const stop = await tauriBackend.onFileDrop((e) => seen.push(e));
    handler?.({ payload: { type: 'drop', paths: ['/m/a.mov'], position: { x: 300, y: 100 } } as DragDropEvent });
    handler?.({ payload: { type: 'leave' } });
    expect(seen).toEqual([{ type: 'drop', paths: ['/m/a.mov'], x: 150, y: 50 }, { type: 'leave' }]);
    stop();
    expect(unlisten).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
  });

  it('keeps positions as they are at a ratio of 1 or none', () => {
    const over = { type: 'over', position: { x: 10, y: 20 } } as DragDropEvent;
    expect(toFileDrop(over, 1)).toEqual({ type: 'over', x: 10, y: 20 });
    expect(toFileDrop(over, 0)).toEqual({ type: 'over', x: 10, y: 20 });
    const enter = { type: 'enter', paths: ['/a'], position: { x: 3, y: 3 } } as DragDropEvent;
    expect(toFileDrop(enter, 1.5)).toEqual({ type: 'enter', paths: ['/a'], x: 2, y: 2 });
  });
});
