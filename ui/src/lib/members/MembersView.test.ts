import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { freshAccount, serverBackend, unique } from '../../testing/server';
import { Workspace } from '../stores/workspace.svelte';
import { testContext } from '../test-context';
import MembersView from './MembersView.svelte';

/** Night Shoot/Day 01 made by a server admin, and Ada, a viewer of the project. */
async function show(folder: 'project' | 'folder') {
  const { backend, account, settled } = await serverBackend(await freshAccount({ name: 'Producer', admin: true }));
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const ada = (await freshAccount({ name: 'Ada' })).user;
  await backend.setProjectRole(project.id, ada.id, 'viewer', 'local');
  const library = new Workspace(backend);
  await library.start();
  library.selectProject(project.id);
  await settled();
  const user = userEvent.setup();
  render(MembersView, {
    props: { project, folderId: folder === 'project' ? null : day.id, onback: () => {} },
    context: testContext(backend, { library }),
  });
  await screen.findAllByTestId('member-row');
  return { backend, account, project, day, ada, user };
}

const row = (email: string) => screen.getAllByTestId('member-row').find((r) => r.dataset.email === email)!;

describe('MembersView', () => {
  it('changes a project role with the picker', async () => {
    const { backend, project, ada, user } = await show('project');
    expect(within(row(ada.email)).getByTestId('member-from')).toHaveTextContent('Granted on the project');
    await user.selectOptions(within(row(ada.email)).getByTestId('member-role'), 'editor');
    await waitFor(() => expect(row(ada.email)).toHaveAttribute('data-role', 'editor'));
    expect((await backend.projectMembers(project.id, 'local')).find((m) => m.user.id === ada.id)?.role).toBe('editor');
  });

  it('shows an inherited role on a folder and grants a higher one there', async () => {
    const { user, ada } = await show('folder');
    const picker = within(row(ada.email)).getByTestId('member-role');
    expect(picker).toHaveDisplayValue('Viewer (inherited)');
    expect(within(row(ada.email)).getByTestId('member-from')).toHaveTextContent('From the project');
    await user.selectOptions(picker, 'commenter');
    await waitFor(() => expect(row(ada.email)).toHaveAttribute('data-role', 'commenter'));
    expect(within(row(ada.email)).getByTestId('member-from')).toHaveTextContent('Granted here');

    await user.click(within(row(ada.email)).getByTestId('member-remove'));
    await user.click(within(screen.getByRole('dialog', { name: 'Remove member?' })).getByTestId('confirm'));
    await waitFor(() => expect(row(ada.email)).toHaveAttribute('data-role', 'viewer'));
  });

  it('offers on a folder only roles above the inherited one, and none to a manager from above', async () => {
    const { account, ada } = await show('folder');
    // The producer manages the project: nothing granted on the folder could add to it.
    const own = row(account.email);
    expect(within(own).queryByTestId('member-role')).toBeNull();
    expect(within(own).getByTestId('member-role-fixed')).toHaveTextContent('Manager (inherited)');
    // A viewer from the project can be raised here, not given viewer again.
    const options = within(row(ada.email)).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Viewer (inherited)', 'Commenter', 'Editor', 'Manager']);
  });

  it('offers every role on the project screen', async () => {
    const { ada } = await show('project');
    const options = within(row(ada.email)).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Viewer', 'Commenter', 'Editor', 'Manager']);
  });

  it('adds a member by email, and offers an invitation for a new address', async () => {
    const { user } = await show('project');
    const bob = `bob.${crypto.randomUUID().slice(0, 8)}@ui-tests.rushes.test`;
    await user.click(screen.getByTestId('add-member'));
    await user.type(screen.getByTestId('member-email'), bob);
    await user.click(screen.getByTestId('member-role-editor'));
    await user.click(screen.getByTestId('member-submit'));
    expect(await screen.findByText(`No account on this server uses ${bob}.`)).toBeInTheDocument();
    await user.click(screen.getByTestId('member-invite'));
    expect(((await screen.findByTestId('invitation-url')) as HTMLInputElement).value).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\?token=/);
    // The local library's links point at 127.0.0.1: say they work only here.
    expect(screen.getByTestId('local-only-note')).toHaveTextContent('This invitation link works only on this computer');
    expect(screen.getByTestId('local-only-note')).toHaveTextContent('add a team server');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(row(bob)).toHaveAttribute('data-role', 'editor'));
  });
});
