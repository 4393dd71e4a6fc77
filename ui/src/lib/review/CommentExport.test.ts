import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { putFile, serverBackend, unique } from '../../testing/server';
import type { User, WebSession } from '../api-types';
import { browserBackend } from '../backend/http/web';
import { testContext } from '../test-context';
import ReviewView from './ReviewView.svelte';

describe('exporting comments', () => {
  it('offers CSV and Resolve markers to the team and says where the export went', async () => {
    const { backend, account } = await serverBackend();
    const project = await backend.createProject({ name: unique('Exports'), description: '' }, 'local');
    const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
    const file = await putFile(account, project.id, day.id, 'notes.pdf', '%PDF-1.4 not much of one', 'application/pdf');
    const exportComments = vi.fn(async () => '/home/ada/Downloads/notes_comments.csv');
    Object.assign(backend, { exportComments });
    const user = userEvent.setup();
    render(ReviewView, { props: { file, connection: 'local', onback: vi.fn() }, context: testContext(backend) });

    await user.click(await screen.findByTestId('export-comments'));
    await user.click(screen.getByTestId('export-edl'));
    expect(exportComments).toHaveBeenCalledWith({ projectId: project.id, folderId: day.id, fileId: file.id }, 'edl', 'local');
    await user.click(screen.getByTestId('export-comments'));
    await user.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(screen.getByTestId('export-note')).toHaveTextContent('Saved to /home/ada/Downloads/notes_comments.csv'));
  });

  it('downloads the export in the browser app from the export URL', async () => {
    const root = new URL('https://rushes.test/');
    const session: WebSession = { user: { id: 1, name: 'Ada', email: 'ada@rushes.test' } as User, csrf_token: 't' };
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.href).toBe('https://rushes.test/api/projects/1/folders/2/files/3/comments/export?format=edl');
    });
    const saved = await browserBackend(root, session).exportComments({ projectId: 1, folderId: 2, fileId: 3 }, 'edl', 'local');
    expect(saved).toBeNull();
    expect(click).toHaveBeenCalledOnce();
    click.mockRestore();
  });
});
