import { describe, expect, it, vi } from 'vitest';

import { BackendError } from '../backend';
import { serverBackend, unique } from '../../testing/server';
import { Workspace } from './workspace.svelte';

/** Night Shoot with Day 01 (A-cam inside) and Day 02, on the test server. */
async function seeded() {
  const { backend, settled } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day1 = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const day2 = await backend.createFolder(project.id, { name: 'Day 02', parent_id: null }, 'local');
  const acam = await backend.createFolder(project.id, { name: 'A-cam', parent_id: day1.id }, 'local');
  return { backend, settle: settled, project, day1, day2, acam };
}

describe('Workspace (against the server)', () => {
  it('loads the status and the projects, sorted by name', async () => {
    const { backend } = await serverBackend();
    const tag = unique('');
    for (const name of ['Day 10', 'day 2', 'Alpha']) await backend.createProject({ name: name + tag, description: '' }, 'local');
    const library = new Workspace(backend);
    await library.start();
    expect(library.status.state).toBe('ready');
    expect(library.status.value?.url).toBe('memory://library');
    expect(library.projects.items.map((p) => p.name)).toEqual(['Alpha', 'day 2', 'Day 10'].map((n) => n + tag));
  });

  it('keeps an error and recovers on the next load', async () => {
    const { backend } = await serverBackend();
    vi.spyOn(backend, 'listProjects').mockRejectedValueOnce(
      new BackendError('offline', 'connection refused'),
    );
    const library = new Workspace(backend);
    await library.loadProjects();
    expect(library.projects.state).toBe('error');
    expect(library.projects.error?.code).toBe('offline');
    await library.loadProjects();
    expect(library.projects.state).toBe('ready');
  });

  it('loads the folders of a project only when it is selected, and subfolders on demand', async () => {
    const { backend, settle, project, day1 } = await seeded();
    const listFolders = vi.spyOn(backend, 'listFolders');
    const library = new Workspace(backend);
    await library.start();
    expect(listFolders).not.toHaveBeenCalled();

    library.selectProject(project.id);
    await settle();
    expect(listFolders).toHaveBeenCalledTimes(1);
    expect(library.current.items.map((f) => f.name)).toEqual(['Day 01', 'Day 02']);

    library.openFolder(day1.id);
    await settle();
    expect(listFolders).toHaveBeenLastCalledWith(project.id, day1.id, 'local');
    expect(library.current.items.map((f) => f.name)).toEqual(['A-cam']);

    // Back up: already loaded, not asked again.
    library.openFolder(null);
    await settle();
    expect(listFolders).toHaveBeenCalledTimes(2);
  });

  it('gives the path from the project down to the open folder', async () => {
    const { backend, settle, project, day1, acam } = await seeded();
    const library = new Workspace(backend);
    await library.start();
    library.selectProject(project.id);
    await settle();
    library.openFolder(day1.id);
    await settle();
    library.openFolder(acam.id);
    await settle();
    expect(library.breadcrumbs.map((f) => f.name)).toEqual(['Day 01', 'A-cam']);
    // The sidebar reveals where we are.
    expect(library.tree?.isExpanded(day1.id)).toBe(true);
  });

  it('creates a project, lists it in order and opens it', async () => {
    const { backend, project } = await seeded();
    const library = new Workspace(backend);
    await library.start();
    const created = await library.createProject(unique('Commercial'), '');
    expect(library.projects.items.map((p) => p.name)).toEqual([created.name, project.name]);
    expect(library.selectedProjectId).toBe(created.id);
    expect(library.currentFolderId).toBeNull();
  });

  it('creates a folder in the open location', async () => {
    const { backend, settle, project, day1 } = await seeded();
    const library = new Workspace(backend);
    await library.start();
    library.selectProject(project.id);
    library.openFolder(day1.id);
    await settle();
    await library.createFolder('B-cam');
    expect(library.current.items.map((f) => f.name)).toEqual(['A-cam', 'B-cam']);
    expect((await backend.listFolders(project.id, day1.id, 'local')).map((f) => f.name)).toContain('B-cam');
  });

  it('rejects with the backend error when a name is taken', async () => {
    const { backend, settle, project } = await seeded();
    const library = new Workspace(backend);
    await library.start();
    library.selectProject(project.id);
    await settle();
    await expect(library.createFolder('Day 01')).rejects.toMatchObject({ code: 'name_taken' });
  });

  it('ignores an answer that arrives after a newer request', async () => {
    const { backend, settle, project } = await seeded();
    const library = new Workspace(backend);
    await library.start();
    let answerFirst: (value: never[]) => void = () => {};
    vi.spyOn(backend, 'listFolders').mockImplementationOnce(
      () => new Promise((resolve) => (answerFirst = resolve)),
    );
    library.selectProject(project.id); // first request: held back
    const tree = library.tree!;
    await tree.load(null); // second request: answered
    answerFirst([]); // the stale, empty answer arrives last
    await settle();
    expect(library.current.items.map((f) => f.name)).toEqual(['Day 01', 'Day 02']);
  });
});
