import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { Browse } from './browse.svelte';
import { Workspace } from './workspace.svelte';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function folderWith(count: number) {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  await backend.createFolder(project.id, { name: 'Sound', parent_id: day.id });
  for (let i = 0; i < count; i++) {
    backend.files.add(project.id, day.id, `A001_C${String(i).padStart(5, '0')}.mov`, { size: i, content_type: 'video/quicktime' });
  }
  const library = new Workspace(backend);
  await library.start();
  library.selectProject(project.id);
  await settle();
  library.openFolder(day.id);
  await settle();
  const browse = new Browse(backend, library);
  return { backend, library, browse, project, day };
}

describe('Browse', () => {
  it('lists subfolders first, then files, loading files a page at a time', async () => {
    const { backend, browse } = await folderWith(10_000);
    const pages = vi.spyOn(backend, 'listFilesPage');
    browse.sync();
    await settle();
    expect(browse.count).toBe(10_001);
    expect(browse.itemAt(0)).toMatchObject({ kind: 'folder', folder: { name: 'Sound' } });
    expect(browse.itemAt(1)).toMatchObject({ kind: 'file', file: { name: 'A001_C00000.mov' } });
    expect(browse.itemAt(5000)).toEqual({ kind: 'pending', index: 4999 });
    expect(pages).toHaveBeenCalledTimes(1);

    browse.ensure(5000, 5030);
    await settle();
    expect(browse.itemAt(5000)).toMatchObject({ kind: 'file', file: { name: 'A001_C04999.mov' } });
    // Files 4999 to 5029 straddle pages 25 and 26 (200 a page); nothing else is fetched.
    expect(pages.mock.calls.map((call) => call[3])).toEqual([1, 25, 26]);
  });

  it('asks the server for the chosen order and filter, and filters folders itself', async () => {
    const { backend, browse } = await folderWith(30);
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
    const { library, browse } = await folderWith(3);
    library.openFolder(null);
    await settle();
    browse.sync();
    expect(browse.files).toBeNull();
    expect(browse.count).toBe(1);
  });

  it('renames, moves and deletes files, listing the folder again', async () => {
    const { backend, browse, project, day } = await folderWith(3);
    browse.sync();
    await settle();
    const first = browse.itemAt(1);
    if (first.kind !== 'file') throw new Error('expected a file');
    await browse.renameFile(first.file, 'Hero take.mov');
    await settle();
    expect(backend.files.inFolder(day.id).map((f) => f.name)).toContain('Hero take.mov');

    const sound = backend.folders.find((f) => f.name === 'Sound')!;
    await browse.moveFile(first.file, sound.id);
    await settle();
    expect(backend.files.inFolder(sound.id).map((f) => f.name)).toEqual(['Hero take.mov']);
    expect(browse.count).toBe(3);

    const next = browse.itemAt(1);
    if (next.kind !== 'file') throw new Error('expected a file');
    await browse.deleteFile(next.file);
    await settle();
    expect(browse.count).toBe(2);
    await expect(browse.renameFile(next.file, 'x')).rejects.toMatchObject({ code: 'not_found' });
    expect(project.id).toBeGreaterThan(0);
  });

  it('fetches posters a few at a time and remembers them', async () => {
    const backend = new MemoryBackend();
    const project = await backend.createProject({ name: 'P', description: '' });
    const day = await backend.createFolder(project.id, { name: 'D', parent_id: null });
    const file = backend.files.add(project.id, day.id, 'clip.mov', { has_poster: true });
    const library = new Workspace(backend);
    const browse = new Browse(backend, library);
    const posterUrl = vi.spyOn(backend, 'posterUrl');
    expect(browse.poster(file)).toBeUndefined();
    expect(browse.poster(file)).toBeUndefined();
    await settle();
    expect(browse.poster(file)).toBe(`memory://media/${file.id}/poster`);
    expect(posterUrl).toHaveBeenCalledTimes(1);
  });
  it('lists a folder again after an upload into it, only where it shows', async () => {
    const { backend, browse, library, project, day } = await folderWith(1);
    browse.sync();
    await settle();
    const folders = vi.spyOn(backend, 'listFolders');
    const pages = vi.spyOn(backend, 'listFilesPage');
    backend.files.add(project.id, day.id, 'uploaded.mov', { size: 1 });
    await backend.createFolder(project.id, { name: 'CARD_A', parent_id: day.id });

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
});
