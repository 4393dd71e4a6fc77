// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { invoke } from '@tauri-apps/api/core';

import { tauriBackend } from './tauri';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));
vi.mock('@tauri-apps/api/webview', () => ({ getCurrentWebview: vi.fn() }));

const invokeMock = vi.mocked(invoke);
const file = { projectId: 1, folderId: 2, fileId: 3 };
const at = { connection: 'local', project_id: 1, folder_id: 2, file_id: 3 };

beforeEach(() => {
  invokeMock.mockReset();
  invokeMock.mockResolvedValue(undefined);
});

describe('the screens’ commands', () => {
  it('browse with the names and snake_case arguments the Rust side expects', async () => {
    const b = tauriBackend;
    await b.updateProject(1, { name: 'P' });
    await b.deleteProject(1, 'srv1');
    await b.updateFolder(1, 2, { parent_id: null });
    await b.deleteFolder(1, 2);
    await b.listFilesPage(1, 2, { sort: 'size', descending: true }, 3, 200);
    await b.getFile(file);
    await b.updateFile(file, { name: 'x.mov' });
    await b.deleteFile(file);
    await b.mediaUrl(file);
    await b.posterUrl(file, 'srv1');
    expect(invokeMock.mock.calls).toEqual([
      ['update_project', { connection: 'local', project_id: 1, update: { name: 'P' } }],
      ['delete_project', { connection: 'srv1', project_id: 1 }],
      ['update_folder', { connection: 'local', project_id: 1, folder_id: 2, update: { parent_id: null } }],
      ['delete_folder', { connection: 'local', project_id: 1, folder_id: 2 }],
      ['list_files_page', { connection: 'local', project_id: 1, folder_id: 2, query: { sort: 'size', descending: true }, page: 3, per_page: 200 }],
      ['get_file', at],
      ['update_file', { ...at, update: { name: 'x.mov' } }],
      ['delete_file', at],
      ['media_url', at],
      ['poster_url', { ...at, connection: 'srv1' }],
    ]);
  });

  it('review, members, account and settings likewise', async () => {
    const b = tauriBackend;
    await b.listComments(file);
    await b.createComment(file, { body: 'b', frame: 4 });
    await b.replyToComment(file, 9, 'r');
    await b.updateComment(file, 9, { resolved: true });
    await b.deleteComment(file, 9);
    await b.patchFileMetadata(file, { scene: '1', take: null });
    await b.folderMetadata(1, 2);
    await b.setProjectRole(1, 5, 'editor');
    await b.setFolderRole(1, 2, 5, null);
    await b.findUsers('ada@');
    await b.createOAuthApp({ name: 'A', redirect_uris: ['https://a/cb'], public: false });
    await b.generateOAuthCode(4, { redirect_uri: 'https://a/cb' });
    await b.revokeAuthorization(8);
    await b.deleteApiKey(6);
    await b.myUsage('srv1');
    await b.projectUsage(3, 'srv1');
    await b.getSettings();
    await b.setSettings({ download_dir: null, concurrency: 4, bandwidth_limit: null, theme: 'dark' });
    await b.checkDownloadFolder('/media/raid');
    expect(invokeMock.mock.calls).toEqual([
      ['list_comments', at],
      ['create_comment', { ...at, comment: { body: 'b', frame: 4 } }],
      ['reply_to_comment', { ...at, comment_id: 9, body: 'r' }],
      ['update_comment', { ...at, comment_id: 9, change: { resolved: true } }],
      ['delete_comment', { ...at, comment_id: 9 }],
      ['patch_file_metadata', { ...at, changes: { scene: '1', take: null } }],
      ['folder_metadata', { connection: 'local', project_id: 1, folder_id: 2 }],
      ['set_project_role', { connection: 'local', project_id: 1, user_id: 5, role: 'editor' }],
      ['set_folder_role', { connection: 'local', project_id: 1, folder_id: 2, user_id: 5, role: null }],
      ['find_users', { connection: 'local', email: 'ada@' }],
      ['create_oauth_app', { connection: 'local', app: { name: 'A', redirect_uris: ['https://a/cb'], public: false } }],
      ['generate_oauth_code', { connection: 'local', app_id: 4, request: { redirect_uri: 'https://a/cb' } }],
      ['revoke_authorization', { connection: 'local', authorization_id: 8 }],
      ['delete_api_key', { connection: 'local', key_id: 6 }],
      ['my_usage', { connection: 'srv1' }],
      ['project_usage', { connection: 'srv1', project_id: 3 }],
      ['settings_get', undefined],
      ['settings_set', { value: { download_dir: null, concurrency: 4, bandwidth_limit: null, theme: 'dark' } }],
      ['check_download_folder', { path: '/media/raid' }],
    ]);
  });

  it('maps a rejection to a BackendError', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'forbidden', message: 'managers only' });
    await expect(tauriBackend.setProjectRole(1, 2, 'viewer')).rejects.toMatchObject({ code: 'forbidden' });
  });
});
