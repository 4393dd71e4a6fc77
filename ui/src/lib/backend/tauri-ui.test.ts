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
    await b.updateProject(1, { name: 'P' }, 'local');
    await b.deleteProject(1, 'srv1');
    await b.updateFolder(1, 2, { parent_id: null }, 'local');
    await b.deleteFolder(1, 2, 'local');
    await b.listFilesPage(1, 2, { sort: 'size', descending: true }, 3, 200, 'local');
    await b.getFile(file, 'local');
    await b.updateFile(file, { name: 'x.mov' }, 'local');
    await b.deleteFile(file, 'local');
    await b.mediaUrl(file, 'local');
    await b.posterUrl(file, 'srv1');
    await b.proxyUrl(file, 'local');
    await b.waveform(file, 'srv1');
    await b.retryRendition(file, 'proxy', 'local');
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
      ['proxy_url', at],
      ['file_waveform', { ...at, connection: 'srv1' }],
      ['retry_rendition', { ...at, kind: 'proxy' }],
    ]);
  });

  it('review, members, account and settings likewise', async () => {
    const b = tauriBackend;
    await b.listComments(file, 'local');
    await b.createComment(file, { body: 'b', frame: 4 }, 'local');
    await b.replyToComment(file, 9, 'r', 'local');
    await b.updateComment(file, 9, { resolved: true }, 'local');
    await b.deleteComment(file, 9, 'local');
    await b.patchFileMetadata(file, { scene: '1', take: null }, 'local');
    await b.folderMetadata(1, 2, 'local');
    await b.setProjectRole(1, 5, 'editor', 'local');
    await b.setFolderRole(1, 2, 5, null, 'local');
    await b.findUsers('ada@', 'local');
    await b.createOAuthApp({ name: 'A', redirect_uris: ['https://a/cb'], public: false }, 'local');
    await b.generateOAuthCode(4, { redirect_uri: 'https://a/cb' }, 'local');
    await b.revokeAuthorization(8, 'local');
    await b.deleteApiKey(6, 'local');
    await b.myUsage('srv1');
    await b.projectUsage(3, 'srv1');
    await b.getSettings();
    await b.setSettings({ download_dir: null, concurrency: 4, bandwidth_limit: null, theme: 'dark' });
    await b.checkDownloadFolder('/media/raid');
    await b.listReviewLinks(1, 'local');
    await b.createReviewLink(1, { folder_id: 2, permission: 'comment' }, 'local');
    await b.revokeReviewLink(1, 7, 'local');
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
      ['list_review_links', { connection: 'local', project_id: 1 }],
      ['create_review_link', { connection: 'local', project_id: 1, link: { folder_id: 2, permission: 'comment' } }],
      ['revoke_review_link', { connection: 'local', project_id: 1, link_id: 7 }],
    ]);
  });

  it('versions, status, seen, activity and a version upload likewise', async () => {
    const b = tauriBackend;
    await b.listVersions(file, 'local');
    await b.createVersion(file, { size: 10, content_type: null }, 'srv1');
    await b.deleteVersion(file, 'local');
    await b.setStatus(file, 'changes_requested', 'local');
    await b.markSeen(file, 'srv1');
    await b.projectActivity(1, 2, 50, 'local');
    await b.uploadNewVersion(file, '/media/A001_v2.mov', 'srv1');
    expect(invokeMock.mock.calls).toEqual([
      ['list_versions', at],
      ['create_version', { ...at, connection: 'srv1', version: { size: 10, content_type: null } }],
      ['delete_version', at],
      ['set_status', { ...at, status: 'changes_requested' }],
      ['mark_seen', { ...at, connection: 'srv1' }],
      ['project_activity', { connection: 'local', project_id: 1, page: 2, per_page: 50 }],
      [
        'queue_uploads',
        {
          connection: 'srv1',
          project_id: 1,
          folder_id: 2,
          items: [{ path: '/media/A001_v2.mov', on_conflict: 'new_version', version_of: 3 }],
        },
      ],
    ]);
  });

  it('maps a rejection to a BackendError', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'forbidden', message: 'managers only' });
    await expect(tauriBackend.setProjectRole(1, 2, 'viewer', 'local')).rejects.toMatchObject({ code: 'forbidden' });
  });
});
