import { render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { freshAccount, putFile, serverBackend, unique } from '../../testing/server';
import ItemRow from '../browse/ItemRow.svelte';
import { testContext } from '../test-context';
import ReviewView from './ReviewView.svelte';

describe('what is new since the person last looked', () => {
  it('counts others’ comments on the row, marks them New, and records the visit once listed', async () => {
    const { backend, account, settled } = await serverBackend(await freshAccount({ name: 'Producer', admin: true }));
    const project = await backend.createProject({ name: unique('Unseen'), description: '' }, 'local');
    const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
    const file = await putFile(account, project.id, day.id, 'A001.txt', 'cut', 'text/plain');
    const ref = { projectId: project.id, folderId: day.id, fileId: file.id };
    const director = await freshAccount({ name: 'Director' });
    await backend.setProjectRole(project.id, director.user.id, 'commenter', 'local');
    await director.calls.createComment(ref, { body: 'Trim the head' }, 'server');
    await backend.createComment(ref, { body: 'My own note' }, 'local');

    const listed = await backend.getFile(ref, 'local');
    expect(listed.unseen_comments).toBe(1);
    const row = render(ItemRow, { props: { item: { kind: 'file', file: listed } } });
    expect(screen.getByTestId('unseen-count')).toHaveTextContent('1');
    expect(screen.getByTestId('unseen-count')).toHaveAccessibleName('1 new comment');
    row.unmount();

    const view = render(ReviewView, { props: { file: listed, connection: 'local', onback: vi.fn() }, context: testContext(backend) });
    const threads = await screen.findAllByTestId('thread');
    const theirs = threads.find((t) => t.textContent?.includes('Trim the head'));
    const mine = threads.find((t) => t.textContent?.includes('My own note'));
    expect(theirs && within(theirs).getByTestId('comment-new')).toBeInTheDocument();
    expect(mine && within(mine).queryByTestId('comment-new')).toBeNull();
    await settled();
    await waitFor(async () => expect((await backend.getFile(ref, 'local')).unseen_comments).toBe(0));
    view.unmount();

    render(ReviewView, { props: { file: listed, connection: 'local', onback: vi.fn() }, context: testContext(backend) });
    await screen.findByText('Trim the head');
    expect(screen.queryByTestId('comment-new')).toBeNull();
  });
});
