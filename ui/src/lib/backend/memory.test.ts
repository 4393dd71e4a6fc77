// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { BackendError } from './errors';
import { MemoryBackend } from './memory';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    return (error as BackendError).code;
  }
  return 'ok';
}

describe('MemoryBackend', () => {
  it('lists what was created, folders per parent', async () => {
    const backend = new MemoryBackend();
    const project = await backend.createProject({ name: 'Night Shoot', description: '' });
    const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
    await backend.createFolder(project.id, { name: 'A-cam', parent_id: day.id });

    expect((await backend.listProjects()).map((p) => p.name)).toEqual(['Night Shoot']);
    expect((await backend.listFolders(project.id, null)).map((f) => f.name)).toEqual(['Day 01']);
    expect((await backend.listFolders(project.id, day.id)).map((f) => f.name)).toEqual(['A-cam']);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['a/b', 'a slash'],
    ['tab\there', 'a control character'],
    ['line\nbreak', 'a line break'],
    ['.', 'a dot'],
    ['..', 'two dots'],
    ['x'.repeat(256), '256 bytes'],
    ['é'.repeat(128), '256 bytes of two-byte characters'],
  ])('rejects %j (%s) as invalid', async (name) => {
    const backend = new MemoryBackend();
    expect(await codeOf(backend.createProject({ name, description: '' }))).toBe('invalid');
    const project = await backend.createProject({ name: 'P', description: '' });
    expect(await codeOf(backend.createFolder(project.id, { name, parent_id: null }))).toBe('invalid');
  });

  it('rejects a description the server would refuse as invalid', async () => {
    const backend = new MemoryBackend();
    expect(await codeOf(backend.createProject({ name: 'P', description: 'x'.repeat(4097) }))).toBe(
      'invalid',
    );
  });

  it('accepts 255 bytes, dots inside names and any script', async () => {
    const backend = new MemoryBackend();
    const project = await backend.createProject({ name: 'x'.repeat(255), description: '' });
    for (const name of ['...', 'v1.2', 'Drehtag 1 – Außen', '撮影 初日']) {
      await backend.createFolder(project.id, { name, parent_id: null });
    }
    expect(await backend.listFolders(project.id, null)).toHaveLength(4);
  });

  it('rejects a second project with the same name as name_taken', async () => {
    const backend = new MemoryBackend();
    await backend.createProject({ name: 'Night Shoot', description: '' });
    expect(await codeOf(backend.createProject({ name: 'Night Shoot', description: '' }))).toBe(
      'name_taken',
    );
  });

  it('rejects a folder name taken among its siblings only', async () => {
    const backend = new MemoryBackend();
    const { id } = await backend.createProject({ name: 'P', description: '' });
    const a = await backend.createFolder(id, { name: 'Day 01', parent_id: null });
    expect(await codeOf(backend.createFolder(id, { name: 'Day 01', parent_id: null }))).toBe('name_taken');
    expect(await codeOf(backend.createFolder(id, { name: 'Day 01', parent_id: a.id }))).toBe('ok');
    const other = await backend.createProject({ name: 'Q', description: '' });
    expect(await codeOf(backend.createFolder(other.id, { name: 'Day 01', parent_id: null }))).toBe('ok');
  });

  it('answers not_found for a missing project or parent', async () => {
    const backend = new MemoryBackend();
    const { id } = await backend.createProject({ name: 'P', description: '' });
    expect(await codeOf(backend.listFolders(99, null))).toBe('not_found');
    expect(await codeOf(backend.listFolders(id, 99))).toBe('not_found');
    expect(await codeOf(backend.createFolder(id, { name: 'x', parent_id: 99 }))).toBe('not_found');
  });

  it('hands out copies, so callers cannot change its state', async () => {
    const backend = new MemoryBackend();
    const project = await backend.createProject({ name: 'P', description: '' });
    project.name = 'changed';
    const [listed] = await backend.listProjects();
    expect(listed?.name).toBe('P');
  });
});
