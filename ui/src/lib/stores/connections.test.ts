import { describe, expect, it } from 'vitest';

import { BackendError } from '../backend';
import { MemoryBackend } from '../backend/memory';
import { Connections } from './connections.svelte';
import { Workspace } from './workspace.svelte';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Connections', () => {
  it('lists the local library first, then each server added', async () => {
    const backend = new MemoryBackend();
    const connections = new Connections(backend);
    await connections.start();
    expect(connections.list.items.map((c) => c.id)).toEqual(['local']);

    const added = await connections.add({
      url: 'media.example',
      credentials: { method: 'api_key', api_key: 'rk_1' },
    });
    await settle();
    expect(added).toMatchObject({ label: 'media.example', method: 'api_key', state: { kind: 'signed_in' } });
    expect(connections.list.items.map((c) => c.label)).toEqual(['Local library', 'media.example']);
  });

  it('reloads when the app says a connection changed, e.g. it needs sign-in again', async () => {
    const backend = new MemoryBackend();
    const connections = new Connections(backend);
    await connections.start();
    const added = await connections.add({ url: 'https://m.example', credentials: { method: 'browser' } });
    backend.servers.expire(added.id, 'the server no longer accepts this app’s sign-in');
    await settle();
    expect(connections.list.items[1]?.state).toEqual({
      kind: 'sign_in_required',
      reason: 'the server no longer accepts this app’s sign-in',
    });
  });

  it('rejects a cancelled browser sign-in with the cancelled code', async () => {
    const backend = new MemoryBackend();
    backend.servers.browserPending = true;
    const connections = new Connections(backend);
    const adding = connections.add({ url: 'https://m.example', credentials: { method: 'browser' } });
    await settle();
    await connections.cancelSignIn();
    await expect(adding).rejects.toEqual(new BackendError('cancelled', 'the sign-in was cancelled'));
  });

  it('signs out, keeping the server in the list', async () => {
    const backend = new MemoryBackend();
    const connections = new Connections(backend);
    const added = await connections.add({ url: 'https://m.example', credentials: { method: 'browser' } });
    const out = await connections.signOut(added.id);
    expect(out.state).toEqual({ kind: 'signed_out' });
    expect(out.user).toBeNull();
  });
});

describe('Workspace on a server connection', () => {
  it('shows the projects of the selected connection only', async () => {
    const backend = new MemoryBackend();
    await backend.createProject({ name: 'Local One', description: '' });
    const server = await backend.addConnection({ url: 'https://m.example', credentials: { method: 'browser' } });
    await backend.createProject({ name: 'Remote One', description: '' }, server.id);
    const library = new Workspace(backend);
    await library.start();
    expect(library.projects.items.map((p) => p.name)).toEqual(['Local One']);

    library.selectConnection(server.id);
    await settle();
    expect(library.projects.items.map((p) => p.name)).toEqual(['Remote One']);
    const created = await library.createProject('Remote Two', '');
    await library.createFolder('Day 01');
    expect((await backend.listFolders(created.id, null, server.id)).map((f) => f.name)).toEqual(['Day 01']);
  });
});
