import { describe, expect, it } from 'vitest';

import type { File } from '../../api-types';
import type { Account } from '../../../testing/server';

import { freshAccount, putFile, testServer, unique } from '../../../testing/server';
import type { FileRef } from '../ui-types';

/** Fills a pending record (a new version) with `text`, as an upload does: one tus request. */
async function fill(account: Account, record: File, text: string): Promise<void> {
  const body = new TextEncoder().encode(text);
  const response = await fetch(new URL('uploads', testServer().url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${account.token}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(body.byteLength),
      'upload-metadata': `file_id ${btoa(String(record.id))},expect_pending`,
      'content-type': 'application/offset+octet-stream',
    },
    body,
  });
  if (response.status !== 201) throw new Error(`filling ${record.id} answered ${response.status}: ${await response.text()}`);
}

/** A project with a folder and a file in it, v1 of its entry. */
async function entry(account: Account, name = 'A001.mov') {
  const project = await account.calls.createProject({ name: unique('Versions'), description: '' }, 'server');
  const folder = await account.calls.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'server');
  const v1 = await putFile(account, project.id, folder.id, name, 'first cut');
  const ref: FileRef = { projectId: project.id, folderId: folder.id, fileId: v1.id };
  return { project, folder, v1, ref };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);

/** The seam's versions, status, seen and activity calls against the real server. */
describe('versions, status and activity over HTTP', () => {
  it('adds a version, lists the stack newest first and deletes a version but never the last', async () => {
    const account = await freshAccount();
    const { calls } = account;
    const { project, folder, v1, ref } = await entry(account);

    const pending = await calls.createVersion(ref, { size: 10, content_type: null }, 'server');
    expect(pending).toMatchObject({ state: 'pending', version: 2, stack_id: v1.stack_id, name: 'A001.mov' });
    await fill(account, pending, 'second cut');

    const stack = await calls.listVersions(ref, 'server');
    expect(stack.map((v) => [v.id, v.version, v.state])).toEqual([
      [pending.id, 2, 'ready'],
      [v1.id, 1, 'ready'],
    ]);
    // Any version's ref lists the same stack.
    const fromV2 = await calls.listVersions({ ...ref, fileId: pending.id }, 'server');
    expect(fromV2.map((v) => v.id)).toEqual([pending.id, v1.id]);
    const listed = await calls.listFilesPage(project.id, folder.id, { descending: false }, 1, 50, 'server');
    expect(listed.items.map((f) => [f.id, f.version_count])).toEqual([[pending.id, 2]]);

    await calls.deleteVersion({ ...ref, fileId: pending.id }, 'server');
    expect((await calls.listVersions(ref, 'server')).map((v) => v.id)).toEqual([v1.id]);
    expect(await codeOf(calls.deleteVersion(ref, 'server'))).toBe('conflict');
  });

  it('sets a version’s status and filters the folder by it', async () => {
    const account = await freshAccount();
    const { calls } = account;
    const { project, folder, ref } = await entry(account);
    await putFile(account, project.id, folder.id, 'B001.mov', 'other');

    const set = await calls.setStatus(ref, 'approved', 'server');
    expect(set).toMatchObject({ id: ref.fileId, status: 'approved', status_set_by: { name: account.user.name } });
    expect(set.status_set_at).not.toBeNull();

    const approved = await calls.listFilesPage(project.id, folder.id, { descending: false, status: 'approved' }, 1, 50, 'server');
    expect(approved.items.map((f) => f.name)).toEqual(['A001.mov']);
    const none = await calls.listFilesPage(project.id, folder.id, { descending: false, status: 'none' }, 1, 50, 'server');
    expect(none.items.map((f) => f.name)).toEqual(['B001.mov']);
  });

  it('counts others’ comments as unseen until the file is opened, and pages the project’s activity', async () => {
    // A server admin, who can give a role to someone who shares nothing with them yet.
    const owner = await freshAccount({ name: 'Owner', admin: true });
    const { project, ref } = await entry(owner);
    const reviewer = await freshAccount({ name: 'Ana' });
    await owner.calls.setProjectRole(project.id, reviewer.user.id, 'commenter', 'server');

    await reviewer.calls.createComment(ref, { body: 'Too dark at the start' }, 'server');
    await reviewer.calls.createComment(ref, { body: 'Cut the last second' }, 'server');
    expect((await owner.calls.getFile(ref, 'server')).unseen_comments).toBe(2);
    await owner.calls.markSeen(ref, 'server');
    expect((await owner.calls.getFile(ref, 'server')).unseen_comments).toBe(0);

    const first = await owner.calls.projectActivity(project.id, 1, 2, 'server');
    expect(first).toMatchObject({ page: 1, per_page: 2 });
    expect(first.total).toBeGreaterThanOrEqual(3);
    expect(first.items.map((a) => [a.kind, a.excerpt])).toEqual([
      ['comment', 'Cut the last second'],
      ['comment', 'Too dark at the start'],
    ]);
    expect(first.items[0]).toMatchObject({ file_id: ref.fileId, file_name: 'A001.mov', version: 1, actor: { name: 'Ana' } });
    const rest = await owner.calls.projectActivity(project.id, 2, 2, 'server');
    expect(rest.items.map((a) => a.kind)).toContain('upload');
  });
});
