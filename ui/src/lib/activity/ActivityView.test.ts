import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { putFile, putVersion, serverBackend, unique } from '../../testing/server';
import { testContext } from '../test-context';
import ActivityView from './ActivityView.svelte';

describe('ActivityView', () => {
  it('lists what happened newest first, a page at a time, and opens an entry at its version', async () => {
    const { backend, account } = await serverBackend();
    const project = await backend.createProject({ name: unique('Activity'), description: '' }, 'local');
    const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
    const v1 = await putFile(account, project.id, day.id, 'A001.txt', 'one', 'text/plain');
    const v2 = await putVersion(account, v1, 'two', 'text/plain');
    const ref1 = { projectId: project.id, folderId: day.id, fileId: v1.id };
    await backend.createComment(ref1, { body: 'Soft focus on the first cut' }, 'local');
    await backend.setStatus({ ...ref1, fileId: v2.id }, 'approved', 'local');

    const onopen = vi.fn();
    const user = userEvent.setup();
    render(ActivityView, {
      props: { project, connection: 'local', onback: vi.fn(), onopen, perPage: 3 },
      context: testContext(backend),
    });
    const list = await screen.findByTestId('activity-list');
    const entries = () => within(list).getAllByTestId('activity-entry');
    expect(entries().map((e) => e.dataset.kind)).toEqual(['status_change', 'comment', 'new_version']);
    expect(entries()[0]).toHaveTextContent(`${account.user.name} set v2 to Approved on A001.txt`);
    expect(within(entries()[1] as HTMLElement).getByTestId('activity-excerpt')).toHaveTextContent('Soft focus on the first cut');

    await user.click(screen.getByTestId('activity-more'));
    await waitFor(() => expect(entries()).toHaveLength(4));
    expect(entries()[3]?.dataset.kind).toBe('upload');
    expect(screen.queryByTestId('activity-more')).toBeNull();

    await user.click(within(entries()[1] as HTMLElement).getByTestId('activity-open'));
    await waitFor(() => expect(onopen).toHaveBeenCalledTimes(1));
    expect(onopen.mock.calls[0]?.[0]).toMatchObject({ id: v1.id, version: 1 });
  });

  it('says what to expect in a project where nothing happened yet', async () => {
    const { backend } = await serverBackend();
    const project = await backend.createProject({ name: unique('Quiet'), description: '' }, 'local');
    render(ActivityView, {
      props: { project, connection: 'local', onback: vi.fn(), onopen: vi.fn() },
      context: testContext(backend),
    });
    expect(await screen.findByText('Nothing has happened here yet')).toBeInTheDocument();
  });
});
