import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';

import { putFile, serverBackend, unique } from '../../testing/server';
import { Browse } from '../stores/browse.svelte';
import { Workspace } from '../stores/workspace.svelte';
import { testContext } from '../test-context';
import FilterBar from './FilterBar.svelte';

describe('FilterBar', () => {
  it('passes the chosen approval status to the server, which lists only those files', async () => {
    const { backend, account, settled } = await serverBackend();
    const project = await backend.createProject({ name: unique('Status'), description: '' }, 'local');
    const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
    const approved = await putFile(account, project.id, day.id, 'A001.txt', 'a', 'text/plain');
    await putFile(account, project.id, day.id, 'A002.txt', 'b', 'text/plain');
    await backend.setStatus({ projectId: project.id, folderId: day.id, fileId: approved.id }, 'approved', 'local');

    const library = new Workspace(backend);
    await library.start();
    library.selectProject(project.id);
    await settled();
    library.openFolder(day.id);
    await settled();
    const browse = new Browse(backend, library);
    browse.sync();
    await settled();
    expect(browse.count).toBe(2);

    const pages = vi.spyOn(backend, 'listFilesPage');
    render(FilterBar, { context: testContext(backend, { browse }) });
    await userEvent.setup().selectOptions(screen.getByTestId('status-filter'), 'approved');
    flushSync();
    browse.sync();
    await settled();
    expect(pages.mock.calls.at(-1)?.[2]).toMatchObject({ status: 'approved' });
    expect(browse.count).toBe(1);
    expect(browse.itemAt(0)).toMatchObject({ kind: 'file', file: { name: 'A001.txt', status: 'approved' } });

    await userEvent.setup().selectOptions(screen.getByTestId('status-filter'), '');
    flushSync();
    browse.sync();
    await settled();
    expect(pages.mock.calls.at(-1)?.[2]).not.toHaveProperty('status');
    expect(browse.count).toBe(2);
  });
});
