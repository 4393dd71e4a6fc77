import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { serverBackend, unique } from '../../testing/server';
import { testContext } from '../test-context';
import ShareDialog from './ShareDialog.svelte';

/** The Share dialog of Day 01, for its project's manager on the test server. */
async function share() {
  const { backend } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const user = userEvent.setup();
  render(ShareDialog, {
    props: { projectId: project.id, target: { kind: 'folder', id: day.id, name: 'Day 01' }, connection: 'local', onclose: () => {} },
    context: testContext(backend),
  });
  return { backend, project, day, user };
}

describe('ShareDialog (against the server)', () => {
  it('makes a review link, shows its address once, lists it and revokes it', async () => {
    const { backend, project, user } = await share();
    await user.click(screen.getByTestId('share-view'));
    await user.type(screen.getByTestId('share-label'), 'For the director');
    await user.type(screen.getByTestId('share-password'), 'night shoot');
    await user.click(screen.getByTestId('share-create'));

    const url = (await screen.findByTestId('share-url')) as HTMLInputElement;
    expect(url.value).toMatch(/\/r\/[\w-]{40,}$/);
    const row = await screen.findByTestId('share-link');
    expect(row).toHaveTextContent('For the director · View');
    expect(row).toHaveTextContent('password');
    const [link] = await backend.listReviewLinks(project.id, 'local');
    expect(link).toMatchObject({ label: 'For the director', permission: 'view', has_password: true, revoked_at: null });

    await user.click(within(row).getByRole('button', { name: 'Revoke For the director' }));
    await waitFor(() => expect(screen.getByTestId('share-link')).toHaveAttribute('data-revoked', 'true'));
    expect((await backend.listReviewLinks(project.id, 'local'))[0]?.revoked_at).not.toBeNull();
  });

  it('lets guests set the approval status only on a link that allows comments', async () => {
    const { backend, project, user } = await share();
    await user.click(screen.getByTestId('share-view'));
    expect(screen.getByTestId('share-can-set-status')).toBeDisabled();
    await user.click(screen.getByTestId('share-comment'));
    await user.click(screen.getByTestId('share-can-set-status'));
    await user.type(screen.getByTestId('share-label'), 'For the client');
    await user.click(screen.getByTestId('share-create'));
    expect(await screen.findByTestId('share-link')).toHaveTextContent('For the client · View and comment · sets status');
    expect((await backend.listReviewLinks(project.id, 'local'))[0]).toMatchObject({ permission: 'comment', can_set_status: true });
  });
});
