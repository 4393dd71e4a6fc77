import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { File, GuestLink } from '../api-types';
import { MemoryBackend } from '../backend/memory';
import { freshAccount, putFile, serverBackend, unique } from '../../testing/server';
import { Review } from '../stores/review.svelte';
import { testContext } from '../test-context';
import StatusControl from './StatusControl.svelte';

const refOf = (f: File) => ({ projectId: f.project_id, folderId: f.folder_id, fileId: f.id });

/** A file on the test server made by a fresh account (an admin, to add members), who manages its project. */
async function owned() {
  const { backend, account, settled } = await serverBackend(await freshAccount({ name: 'Producer', admin: true }));
  const project = await backend.createProject({ name: unique('Approval'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const file = await putFile(account, project.id, day.id, 'A001.txt', 'bytes', 'text/plain');
  return { backend, account, settled, file, projectId: project.id };
}

/** A guest's backend for a link that allows `can_set_status` (or not); the file is shown only. */
function asGuest(canSetStatus: boolean, file: File) {
  const link: GuestLink = {
    label: 'For the client',
    permission: 'comment',
    can_set_status: canSetStatus,
    project_name: 'Night Shoot',
    kind: 'file',
    root_id: file.id,
    root_name: file.name,
  };
  return Object.assign(new MemoryBackend(), { guest: { name: 'Client', link } });
}

const file: File = {
  id: 7,
  project_id: 1,
  folder_id: 2,
  name: 'A001.mov',
  content_type: 'video/quicktime',
  state: 'ready',
  size: 1,
  sha256: null,
  has_poster: false,
  renditions: [],
  stack_id: 7,
  version: 2,
  version_count: 2,
  status: 'changes_requested',
  status_set_by: { id: 3, name: 'Ana Lima', email: null, guest: false, link_id: null },
  status_set_at: '2026-12-07T12:30:00Z',
  unseen_comments: 0,
  created_by: 3,
  created_at: '2026-12-07T12:00:00Z',
  updated_at: '2026-12-07T12:00:00Z',
};

describe('StatusControl', () => {
  it('lets a team member set the status, and says who set it', async () => {
    const { backend, account, file: mine } = await owned();
    const review = new Review(backend, 'local', mine);
    render(StatusControl, { props: { review }, context: testContext(backend) });
    expect(screen.queryByTestId('status-set-by')).toBeNull();
    await userEvent.setup().selectOptions(screen.getByTestId('status-select'), 'approved');
    await waitFor(() => expect(screen.getByTestId('status-set-by')).toHaveTextContent(`Set by ${account.user.name}`));
    expect(screen.getByTestId('status-select')).toHaveValue('approved');
    expect((await backend.getFile(refOf(mine), 'local')).status).toBe('approved');
  });

  it('says so when the server refuses a viewer, and keeps the status there', async () => {
    const { backend: owner, file: theirs, projectId } = await owned();
    const viewer = await freshAccount({ name: 'Viewer' });
    await owner.setProjectRole(projectId, viewer.user.id, 'viewer', 'local');
    const { backend } = await serverBackend(viewer);
    const review = new Review(backend, 'local', theirs);
    render(StatusControl, { props: { review }, context: testContext(backend) });
    await userEvent.setup().selectOptions(screen.getByTestId('status-select'), 'approved');
    expect(await screen.findByTestId('status-error')).toBeInTheDocument();
    expect(screen.getByTestId('status-select')).toHaveValue('none');
    expect((await owner.getFile(refOf(theirs), 'local')).status).toBe('none');
  });

  it('shows a guest the status without offering it when the link does not allow setting it', () => {
    const backend = asGuest(false, file);
    render(StatusControl, { props: { review: new Review(backend, 'local', file) }, context: testContext(backend) });
    expect(screen.queryByTestId('status-select')).toBeNull();
    expect(screen.getByTestId('status-readonly')).toHaveTextContent('Changes requested');
    expect(screen.getByTestId('status-set-by')).toHaveTextContent('Set by Ana Lima');
  });

  it('offers a guest the status when the link allows it', () => {
    const backend = asGuest(true, file);
    render(StatusControl, { props: { review: new Review(backend, 'local', file) }, context: testContext(backend) });
    expect(screen.getByTestId('status-select')).toBeEnabled();
    expect(screen.getByTestId('status-select')).toHaveValue('changes_requested');
  });
});
