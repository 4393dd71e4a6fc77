// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { invoke } from '@tauri-apps/api/core';

import { BackendError } from './errors';
import { tauriBackend } from './tauri';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));
vi.mock('@tauri-apps/api/webview', () => ({ getCurrentWebview: vi.fn() }));

const invokeMock = vi.mocked(invoke);

beforeEach(() => {
  invokeMock.mockReset();
});

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    return error as BackendError;
  }
  throw new Error('expected a rejection');
}

describe('tauriBackend commands', () => {
  it('calls each command by its name with snake_case arguments', async () => {
    invokeMock.mockResolvedValue([]);
    await tauriBackend.libraryStatus();
    await tauriBackend.listProjects('local');
    await tauriBackend.createProject({ name: 'Night Shoot', description: 'ext.' }, 'local');
    await tauriBackend.listFolders(7, null, 'local');
    await tauriBackend.listFolders(7, 3, 'local');
    await tauriBackend.createFolder(7, { name: 'Day 01', parent_id: null }, 'local');
    await tauriBackend.createFolder(7, { name: 'A-cam', parent_id: 9 }, 'srv1');
    await tauriBackend.listProjects('srv1');

    expect(invokeMock.mock.calls).toEqual([
      ['library_status', undefined],
      ['list_projects', { connection: 'local' }],
      ['create_project', { connection: 'local', name: 'Night Shoot', description: 'ext.' }],
      ['list_folders', { connection: 'local', project_id: 7, parent_id: null }],
      ['list_folders', { connection: 'local', project_id: 7, parent_id: 3 }],
      ['create_folder', { connection: 'local', project_id: 7, parent_id: null, name: 'Day 01' }],
      ['create_folder', { connection: 'srv1', project_id: 7, parent_id: 9, name: 'A-cam' }],
      ['list_projects', { connection: 'srv1' }],
    ]);
  });

  it('calls the connection commands with the names the Rust side expects', async () => {
    invokeMock.mockResolvedValue(undefined);
    await tauriBackend.listConnections();
    await tauriBackend.addConnection({ url: 'https://m.example', credentials: { method: 'browser' } });
    await tauriBackend.signIn('c1');
    await tauriBackend.cancelSignIn();
    await tauriBackend.signOut('c1');
    await tauriBackend.removeConnection('c1');
    expect(invokeMock.mock.calls).toEqual([
      ['list_connections', undefined],
      ['add_connection', { connection: { url: 'https://m.example', credentials: { method: 'browser' } } }],
      ['sign_in', { id: 'c1' }],
      ['cancel_sign_in', undefined],
      ['sign_out', { id: 'c1' }],
      ['remove_connection', { id: 'c1' }],
    ]);
  });

  it('returns what the command returns', async () => {
    const project = { id: 1, name: 'P', description: '', created_at: 't', updated_at: 't' };
    invokeMock.mockResolvedValueOnce([project]);
    await expect(tauriBackend.listProjects('local')).resolves.toEqual([project]);
  });
});

describe('tauriBackend errors', () => {
  it('keeps the code and message of a serialized AppError', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'name_taken', message: 'name is taken' });
    const error = await rejection(tauriBackend.createProject({ name: 'x', description: '' }, 'local'));
    expect(error.code).toBe('name_taken');
    expect(error.message).toBe('name is taken');
  });

  it.each(['invalid', 'not_found', 'forbidden', 'unauthenticated', 'offline', 'keychain', 'internal'] as const)(
    'passes the code %s through',
    async (code) => {
      invokeMock.mockRejectedValueOnce({ code, message: 'm' });
      expect((await rejection(tauriBackend.listProjects('local'))).code).toBe(code);
    },
  );

  it('turns a plain string rejection into internal, keeping the text', async () => {
    invokeMock.mockRejectedValueOnce('Command list_projects not allowed by ACL');
    const error = await rejection(tauriBackend.listProjects('local'));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Command list_projects not allowed by ACL');
  });

  it('turns an unknown code into internal', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'teapot', message: 'short and stout' });
    const error = await rejection(tauriBackend.listProjects('local'));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('short and stout');
  });

  it('turns a thrown Error into internal', async () => {
    invokeMock.mockRejectedValueOnce(new TypeError('window.__TAURI_INTERNALS__ is undefined'));
    const error = await rejection(tauriBackend.libraryStatus());
    expect(error.code).toBe('internal');
    expect(error.message).toContain('__TAURI_INTERNALS__');
  });

  it('turns nothing at all into internal with a readable message', async () => {
    invokeMock.mockRejectedValueOnce(undefined);
    const error = await rejection(tauriBackend.libraryStatus());
    expect(error.code).toBe('internal');
    expect(error.message).not.toBe('');
  });
});
