import { describe, expect, it } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { Members } from './members.svelte';

async function place() {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  const acam = await backend.createFolder(project.id, { name: 'A-cam', parent_id: day.id });
  const ada = backend.account.addUser('ada@example.org', 'Ada');
  return { backend, project, day, acam, ada };
}

describe('Members', () => {
  it('lists project members with their project role and folder grants', async () => {
    const { backend, project, day, ada } = await place();
    await backend.setFolderRole(project.id, day.id, ada.id, 'editor');
    const members = new Members(backend, 'local', project.id, null);
    await members.load();
    expect(members.list.items.map((m) => [m.user.email, m.effective, m.from, m.below])).toEqual([
      ['library@rushes.invalid', 'manager', ['the project'], []],
      ['ada@example.org', null, [], ['Editor on Day 01']],
    ]);
  });

  it('shows a folder’s effective roles and where they come from', async () => {
    const { backend, project, day, acam, ada } = await place();
    await backend.setProjectRole(project.id, ada.id, 'viewer');
    await backend.setFolderRole(project.id, day.id, ada.id, 'commenter');
    const members = new Members(backend, 'local', project.id, acam.id);
    await members.load();
    const row = members.list.items.find((m) => m.user.id === ada.id)!;
    expect(row).toMatchObject({ effective: 'commenter', here: null, from: ['Day 01'] });

    await members.setRole(ada.id, 'editor');
    expect(members.list.items.find((m) => m.user.id === ada.id)).toMatchObject({ effective: 'editor', here: 'editor' });
    await members.setRole(ada.id, null);
    expect(members.list.items.find((m) => m.user.id === ada.id)).toMatchObject({ effective: 'commenter', here: null });
  });

  it('adds someone by email, and says so when nobody uses the address', async () => {
    const { backend, project } = await place();
    const members = new Members(backend, 'local', project.id, null);
    await members.add('ADA@example.org', 'commenter');
    expect(members.list.items.map((m) => [m.user.email, m.effective])).toContainEqual(['ada@example.org', 'commenter']);
    await expect(members.add('bob@example.org', 'viewer')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('invites a new person and hands back the link once', async () => {
    const { backend, project } = await place();
    const members = new Members(backend, 'local', project.id, null);
    const added = await members.invite('bob@example.org', 'editor');
    expect(added.invitationUrl).toMatch(/^memory:\/\/invite\?token=/);
    expect(members.list.items.map((m) => m.user.email)).toContain('bob@example.org');
  });
});
