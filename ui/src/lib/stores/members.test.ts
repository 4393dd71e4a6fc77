import { describe, expect, it } from 'vitest';

import { adminApi, freshAccount, serverBackend, unique } from '../../testing/server';
import type { CreatedUser } from '../api-types';
import { Members } from './members.svelte';

/** A project with Day 01/A-cam, made by a server admin, and Ada, who has no role in it yet. */
async function place() {
  const { backend, account } = await serverBackend(await freshAccount({ name: 'Producer', admin: true }));
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const acam = await backend.createFolder(project.id, { name: 'A-cam', parent_id: day.id }, 'local');
  const ada = await freshAccount({ name: 'Ada' });
  return { backend, account, project, day, acam, ada: ada.user };
}

describe('Members (against the server)', () => {
  it('lists project members with their project role and folder grants', async () => {
    const { backend, account, project, day, ada } = await place();
    await backend.setFolderRole(project.id, day.id, ada.id, 'editor', 'local');
    const members = new Members(backend, 'local', project.id, null);
    await members.load();
    expect(members.list.items.map((m) => [m.user.email, m.effective, m.from, m.below])).toEqual([
      [account.email, 'manager', ['the project'], []],
      [ada.email, null, [], ['Editor on Day 01']],
    ]);
  });

  it('shows a folder’s effective roles and where they come from', async () => {
    const { backend, project, day, acam, ada } = await place();
    await backend.setProjectRole(project.id, ada.id, 'viewer', 'local');
    await backend.setFolderRole(project.id, day.id, ada.id, 'commenter', 'local');
    const members = new Members(backend, 'local', project.id, acam.id);
    await members.load();
    const row = members.list.items.find((m) => m.user.id === ada.id);
    expect(row).toMatchObject({ effective: 'commenter', here: null, from: ['Day 01'] });

    await members.setRole(ada.id, 'editor');
    expect(members.list.items.find((m) => m.user.id === ada.id)).toMatchObject({ effective: 'editor', here: 'editor' });
    await members.setRole(ada.id, null);
    expect(members.list.items.find((m) => m.user.id === ada.id)).toMatchObject({ effective: 'commenter', here: null });
  });

  it('adds someone by email whatever its case, and says so when nobody uses the address', async () => {
    const { backend, project, ada } = await place();
    const members = new Members(backend, 'local', project.id, null);
    await members.add(ada.email.toUpperCase(), 'commenter');
    expect(members.list.items.map((m) => [m.user.email, m.effective])).toContainEqual([ada.email, 'commenter']);
    await expect(members.add(`nobody.${crypto.randomUUID()}@ui-tests.rushes.test`, 'viewer')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('invites a new person and hands back the link once', async () => {
    const { backend, project } = await place();
    const members = new Members(backend, 'local', project.id, null);
    const email = `bob.${crypto.randomUUID().slice(0, 8)}@ui-tests.rushes.test`;
    const added = await members.invite(email, 'editor');
    expect(added.invitationUrl).toMatch(/\/invite\?token=/);
    expect(members.list.items.map((m) => m.user.email)).toContain(email);
    const [bob] = await adminApi().call<CreatedUser['user'][]>('GET', 'users', undefined, { email });
    expect(bob).toMatchObject({ email, active: true });
  });
});
