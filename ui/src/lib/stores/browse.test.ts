import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';

import { MEDIA_TIMEOUT, putClip, putProRes, putRecord, renditionReady, serverBackend, unique } from '../../testing/server';
import { Browse } from './browse.svelte';
import { Workspace } from './workspace.svelte';

/** Night Shoot/Day 01 on the test server with a Sound subfolder and `count` file records. */
async function folderWith(count: number) {
  const { backend, account, settled } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  await backend.createFolder(project.id, { name: 'Sound', parent_id: day.id }, 'local');
  const names = Array.from({ length: count }, (_, i) => `A001_C${String(i).padStart(5, '0')}.mov`);
  // A few at a time: the order they are made in does not matter, the names sort them.
  for (let i = 0; i < names.length; i += 16) {
    await Promise.all(
      names.slice(i, i + 16).map((name, j) => putRecord(account, project.id, day.id, name, i + j, 'video/quicktime')),
    );
  }
  const library = new Workspace(backend);
  await library.start();
  library.selectProject(project.id);
  await settled();
  library.openFolder(day.id);
  await settled();
  const browse = new Browse(backend, library);
  return { backend, account, settle: settled, library, browse, project, day };
}

describe('Browse (against the server)', () => {
  it('lists subfolders first, then files, loading files a page at a time', async () => {
    const { backend, browse, settle } = await folderWith(450);
    const pages = vi.spyOn(backend, 'listFilesPage');
    browse.sync();
    await settle();
    expect(browse.count).toBe(451);
    expect(browse.itemAt(0)).toMatchObject({ kind: 'folder', folder: { name: 'Sound' } });
    expect(browse.itemAt(1)).toMatchObject({ kind: 'file', file: { name: 'A001_C00000.mov' } });
    expect(browse.itemAt(400)).toEqual({ kind: 'pending', index: 399 });
    expect(pages).toHaveBeenCalledTimes(1);

    browse.ensure(400, 430);
    await settle();
    expect(browse.itemAt(400)).toMatchObject({ kind: 'file', file: { name: 'A001_C00399.mov' } });
    // Files 399 to 429 straddle pages 2 and 3 (200 a page); nothing else is fetched.
    expect(pages.mock.calls.map((call) => call[3])).toEqual([1, 2, 3]);
  });

  it('asks the server for the chosen order and filter, and filters folders itself', async () => {
    const { backend, browse, settle } = await folderWith(30);
    const pages = vi.spyOn(backend, 'listFilesPage');
    browse.sync();
    await settle();
    browse.sort = 'size';
    browse.descending = true;
    browse.filter = 'C0002';
    flushSync();
    browse.sync();
    await settle();
    expect(pages.mock.lastCall?.[2]).toEqual({ sort: 'size', descending: true, name: 'C0002' });
    expect(browse.folders).toEqual([]);
    expect(browse.count).toBe(10);
    expect(browse.itemAt(0)).toMatchObject({ kind: 'file', file: { name: 'A001_C00029.mov' } });
  });

  it('has no files at the top of a project (files live in folders)', async () => {
    const { library, browse, settle } = await folderWith(3);
    library.openFolder(null);
    await settle();
    browse.sync();
    expect(browse.files).toBeNull();
    expect(browse.count).toBe(1);
  });

  it('renames, moves and deletes files, listing the folder again', async () => {
    const { backend, browse, settle, project, day } = await folderWith(3);
    const namesIn = async (folderId: number) =>
      (await backend.listFilesPage(project.id, folderId, { descending: false }, 1, 50, 'local')).items.map((f) => f.name);
    browse.sync();
    await settle();
    const first = browse.itemAt(1);
    if (first.kind !== 'file') throw new Error('expected a file');
    await browse.renameFile(first.file, 'Hero take.mov');
    await settle();
    expect(await namesIn(day.id)).toContain('Hero take.mov');

    const [sound] = await backend.listFolders(project.id, day.id, 'local');
    if (!sound) throw new Error('expected the Sound folder');
    await browse.moveFile({ ...first.file, name: 'Hero take.mov' }, sound.id);
    await settle();
    expect(await namesIn(sound.id)).toEqual(['Hero take.mov']);
    expect(browse.count).toBe(3);

    const next = browse.itemAt(1);
    if (next.kind !== 'file') throw new Error('expected a file');
    await browse.deleteFile(next.file);
    await settle();
    expect(browse.count).toBe(2);
    await expect(browse.renameFile(next.file, 'x')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('fetches posters a few at a time and remembers them', async () => {
    const { backend, account, settled } = await serverBackend();
    const project = await backend.createProject({ name: unique('P'), description: '' }, 'local');
    const day = await backend.createFolder(project.id, { name: 'D', parent_id: null }, 'local');
    const clip = await putClip(account, project.id, day.id, 'clip.mp4');
    const ref = { projectId: project.id, folderId: day.id, fileId: clip.id };
    const file = await vi.waitFor(async () => {
      const now = await backend.getFile(ref, 'local');
      if (!now.has_poster) throw new Error('no poster yet');
      return now;
    });
    const library = new Workspace(backend);
    const browse = new Browse(backend, library);
    const posterUrl = vi.spyOn(backend, 'posterUrl');
    expect(browse.poster(file)).toBeUndefined();
    expect(browse.poster(file)).toBeUndefined();
    await settled();
    expect(new URL(browse.poster(file) ?? '').pathname).toBe(`/media/${file.id}/poster`);
    expect(posterUrl).toHaveBeenCalledTimes(1);
  });

  it('lists a folder again after an upload into it, only where it shows', async () => {
    const { backend, account, browse, settle, library, project, day } = await folderWith(1);
    browse.sync();
    await settle();
    const folders = vi.spyOn(backend, 'listFolders');
    const pages = vi.spyOn(backend, 'listFilesPage');
    await putRecord(account, project.id, day.id, 'uploaded.mov', 1);
    await backend.createFolder(project.id, { name: 'CARD_A', parent_id: day.id }, 'local');
    folders.mockClear();

    browse.refreshFolder('srv1', project.id, day.id);
    browse.refreshFolder('local', project.id + 1, day.id);
    expect(folders).not.toHaveBeenCalled();
    expect(pages).not.toHaveBeenCalled();

    browse.refreshFolder('local', project.id, day.id);
    await settle();
    expect(folders).toHaveBeenCalledWith(project.id, day.id, 'local');
    expect(pages).toHaveBeenCalledOnce();
    expect(browse.count).toBe(4);
    expect(library.current.items.map((f) => f.name)).toEqual(['CARD_A', 'Sound']);
  });

  it('follows a file the server is preparing until its proxy is ready', async () => {
    const { browse, settle, account, project, day } = await folderWith(0);
    const file = await putProRes(account, project.id, day.id, 'A001C003.mov', { waitFor: 'upload' });
    browse.sync();
    await settle();
    const shown = () => {
      const item = browse.itemAt(1);
      return item.kind === 'file' && item.file.id === file.id ? item.file : null;
    };
    expect(shown()).not.toBeNull();
    await vi.waitFor(
      async () => {
        await browse.files?.refreshWorking();
        const now = shown();
        if (!now || !renditionReady(now, 'proxy')) throw new Error(`not ready: ${JSON.stringify(now?.renditions)}`);
      },
      { timeout: 60_000, interval: 200 },
    );
  }, MEDIA_TIMEOUT);
});
