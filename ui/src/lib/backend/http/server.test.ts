import { describe, expect, it } from 'vitest';

import type { Account } from '../../../testing/server';

import { freshAccount, MEDIA_TIMEOUT, putFile, putProRes, unique } from '../../../testing/server';
import { BackendError } from '../errors';

/** The UI's server calls against the real server: the same answers and error codes the app gets. */
describe('serverCalls over HTTP', () => {
  it('makes and lists projects and folders, and refuses names the server refuses', async () => {
    const { calls } = await freshAccount();
    const project = await calls.createProject({ name: unique('Night Shoot'), description: 'Reel 1' }, 'server');
    const day = await calls.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'server');
    await calls.createFolder(project.id, { name: 'Sound', parent_id: day.id }, 'server');

    expect((await calls.listProjects('server')).map((p) => p.name)).toEqual([project.name]);
    expect((await calls.listFolders(project.id, day.id, 'server')).map((f) => f.name)).toEqual(['Sound']);

    const slash = await calls.createFolder(project.id, { name: 'a/b', parent_id: null }, 'server').catch((e) => e);
    expect(slash).toBeInstanceOf(BackendError);
    expect(slash).toMatchObject({ code: 'invalid', message: expect.stringContaining('name') });
    const twice = await calls.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'server').catch((e) => e);
    expect(twice).toMatchObject({ code: 'name_taken' });
  });

  it('pages files with the total the server counts, sorted and filtered by the server', async () => {
    const account = await freshAccount();
    const { calls } = account;
    const project = await calls.createProject({ name: unique('Paging'), description: '' }, 'server');
    const folder = await calls.createFolder(project.id, { name: 'Cards', parent_id: null }, 'server');
    for (let i = 0; i < 7; i++) await putFile(account, project.id, folder.id, `A00${i}.mov`, 'x'.repeat(i));

    const page = await calls.listFilesPage(project.id, folder.id, { sort: 'size', descending: true }, 2, 3, 'server');
    expect(page).toMatchObject({ total: 7, page: 2, per_page: 3 });
    expect(page.items.map((f) => f.name)).toEqual(['A003.mov', 'A002.mov', 'A001.mov']);
    const filtered = await calls.listFilesPage(project.id, folder.id, { name: '00', descending: false }, 1, 50, 'server');
    expect(filtered.total).toBe(7);
    const one = await calls.listFilesPage(project.id, folder.id, { name: 'A006', descending: false }, 1, 50, 'server');
    expect(one.items).toMatchObject([{ name: 'A006.mov', size: 6, state: 'ready' }]);
  });

  it('hands out a signed media URL that serves the bytes without a token', async () => {
    const account = await freshAccount();
    const project = await account.calls.createProject({ name: unique('Media'), description: '' }, 'server');
    const folder = await account.calls.createFolder(project.id, { name: 'Day', parent_id: null }, 'server');
    const file = await putFile(account, project.id, folder.id, 'note.txt', 'hello rushes');

    const url = await account.calls.mediaUrl({ projectId: project.id, folderId: folder.id, fileId: file.id }, 'server');
    expect(new URL(url).pathname).toBe(`/media/${file.id}`);
    const response = await fetch(url, { headers: { range: 'bytes=6-' } });
    expect(response.status).toBe(206);
    expect(await response.text()).toBe('rushes');
  });

  it('serves a ProRes file’s proxy and waveform, and retries only a failed job', async () => {
    const account = await freshAccount();
    const project = await account.calls.createProject({ name: unique('Camera'), description: '' }, 'server');
    const folder = await account.calls.createFolder(project.id, { name: 'A001', parent_id: null }, 'server');
    const file = await putProRes(account, project.id, folder.id, 'A001C003.mov');
    const ref = { projectId: project.id, folderId: folder.id, fileId: file.id };

    const proxy = await account.calls.proxyUrl(ref, 'server');
    expect(new URL(proxy).pathname).toBe(`/media/${file.id}/proxy`);
    const response = await fetch(proxy, { headers: { range: 'bytes=0-11' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    // An MP4 starts with its `ftyp` box.
    expect(new TextDecoder().decode((await response.arrayBuffer()).slice(4, 8))).toBe('ftyp');

    const waveform = await account.calls.waveform(ref, 'server');
    expect(waveform).toMatchObject({ version: 2, channels: 1, bits: 8 });
    expect(waveform.data).toHaveLength(2 * waveform.length);
    // ffmpeg's tone is at an eighth of full scale: peaks near ±16, not silence.
    expect(Math.max(...waveform.data)).toBeGreaterThan(8);
    expect(Math.min(...waveform.data)).toBeLessThan(-8);

    expect(await codeOf(account.calls.retryRendition(ref, 'proxy', 'server'))).toBe('conflict');
  }, MEDIA_TIMEOUT);

  it('keeps one account out of another one’s project without saying it exists', async () => {
    const owner = await freshAccount();
    const stranger = await freshAccount();
    const project = await owner.calls.createProject({ name: unique('Private'), description: '' }, 'server');
    const seen = await stranger.calls.listFolders(project.id, null, 'server').catch((e) => e);
    expect(seen).toMatchObject({ code: 'not_found' });
    expect(await stranger.calls.listProjects('server')).toEqual([]);
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
  ])('answers %j (%s) with invalid', async (name) => {
    const { calls } = await freshAccount();
    expect(await codeOf(calls.createProject({ name, description: '' }, 'server'))).toBe('invalid');
    const project = await calls.createProject({ name: unique('P'), description: '' }, 'server');
    expect(await codeOf(calls.createFolder(project.id, { name, parent_id: null }, 'server'))).toBe('invalid');
  });

  it('answers a description over its limit with invalid, and takes 255 bytes, dots inside and any script', async () => {
    const { calls } = await freshAccount();
    expect(await codeOf(calls.createProject({ name: unique('P'), description: 'x'.repeat(4097) }, 'server'))).toBe(
      'invalid',
    );
    const long = unique('x').padEnd(255, 'x');
    const project = await calls.createProject({ name: long, description: '' }, 'server');
    for (const name of ['...', 'v1.2', 'Drehtag 1 – Außen', '撮影 初日']) {
      await calls.createFolder(project.id, { name, parent_id: null }, 'server');
    }
    expect(await calls.listFolders(project.id, null, 'server')).toHaveLength(4);
  });

  it('takes a folder name among its siblings only once, and not_found for what is not there', async () => {
    const account: Account = await freshAccount();
    const { calls } = account;
    const { id } = await calls.createProject({ name: unique('P'), description: '' }, 'server');
    const a = await calls.createFolder(id, { name: 'Day 01', parent_id: null }, 'server');
    expect(await codeOf(calls.createFolder(id, { name: 'Day 01', parent_id: null }, 'server'))).toBe('name_taken');
    expect(await codeOf(calls.createFolder(id, { name: 'Day 01', parent_id: a.id }, 'server'))).toBe('ok');
    const other = await calls.createProject({ name: unique('Q'), description: '' }, 'server');
    expect(await codeOf(calls.createFolder(other.id, { name: 'Day 01', parent_id: null }, 'server'))).toBe('ok');
    expect(await codeOf(calls.listFolders(id, 99_999, 'server'))).toBe('not_found');
    expect(await codeOf(calls.createFolder(id, { name: 'x', parent_id: 99_999 }, 'server'))).toBe('not_found');
  });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    return (error as BackendError).code;
  }
  return 'ok';
}
