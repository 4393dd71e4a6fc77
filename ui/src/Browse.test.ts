import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import App from './App.svelte';
import type { Backend } from './lib/backend';
import { putClip, putRecord, serverBackend, unique } from './testing/server';

/** The app on a project with a folder "Day 01" holding a subfolder and three clips (records on the test server). */
async function openDay() {
  const { backend, account } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const other = await backend.createFolder(project.id, { name: 'Day 02', parent_id: null }, 'local');
  await backend.createFolder(project.id, { name: 'Sound', parent_id: day.id }, 'local');
  for (const [name, size] of [
    ['A001_C001.mov', 3_000_000],
    ['A001_C002.mov', 1_000_000],
    ['B001_C001.mov', 2_000_000],
  ] as const) {
    await putRecord(account, project.id, day.id, name, size, 'video/quicktime');
  }
  const user = userEvent.setup();
  render(App, { props: { backend } });
  await user.click(await screen.findByTestId('project-item'));
  const sidebar = screen.getByRole('navigation', { name: 'Projects and folders' });
  await user.click(await within(sidebar).findByRole('button', { name: 'Day 01' }));
  await waitFor(() => expect(names()).toEqual(['Sound', 'A001_C001.mov', 'A001_C002.mov', 'B001_C001.mov']));
  return { backend, account, user, project, day, other };
}

/** The names of the files in a folder, as the server lists them. */
async function filesIn(backend: Backend, projectId: number, folderId: number): Promise<string[]> {
  const page = await backend.listFilesPage(projectId, folderId, { descending: false }, 1, 500, 'local');
  return page.items.map((f) => f.name);
}

const names = () =>
  screen.queryAllByTestId('browse-row').map((row) => row.querySelector('[data-testid$="-item"]')?.textContent?.trim());
const list = () => screen.getByTestId('browse-items');

describe('browsing a folder', () => {
  it('shows folders then files, sorts by size and filters by name', async () => {
    const { user } = await openDay();
    expect(screen.getByTestId('browse-count')).toHaveTextContent('4 items');
    await user.selectOptions(screen.getByTestId('browse-sort'), 'size');
    await waitFor(() => expect(names()).toEqual(['Sound', 'A001_C002.mov', 'B001_C001.mov', 'A001_C001.mov']));
    await user.click(screen.getByTestId('browse-order'));
    await waitFor(() => expect(names()).toEqual(['Sound', 'A001_C001.mov', 'B001_C001.mov', 'A001_C002.mov']));

    await user.type(screen.getByTestId('browse-filter'), 'b001');
    await waitFor(() => expect(names()).toEqual(['B001_C001.mov']));
    await user.clear(screen.getByTestId('browse-filter'));
    await user.type(screen.getByTestId('browse-filter'), 'nothing');
    expect(await screen.findByText('Nothing here matches “nothing”')).toBeInTheDocument();
  });

  it('sorts by a column when its head is clicked, the other way when clicked again', async () => {
    const { user } = await openDay();
    const heads = screen.getByRole('group', { name: 'Sort by column' });
    await user.click(within(heads).getByRole('button', { name: 'Size' }));
    await waitFor(() => expect(names()).toEqual(['Sound', 'A001_C002.mov', 'B001_C001.mov', 'A001_C001.mov']));
    await user.click(within(heads).getByRole('button', { name: 'Size' }));
    await waitFor(() => expect(names()).toEqual(['Sound', 'A001_C001.mov', 'B001_C001.mov', 'A001_C002.mov']));
    expect(screen.getByTestId('browse-sort')).toHaveValue('size');
  });

  it('lists the keyboard shortcuts with ?', async () => {
    const { user } = await openDay();
    list().focus();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Mark in, mark out')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('focuses the filter with /', async () => {
    const { user } = await openDay();
    list().focus();
    await user.keyboard('/');
    expect(screen.getByTestId('browse-filter')).toHaveFocus();
  });

  it('renames the selected file with F2', async () => {
    const { backend, user, project, day } = await openDay();
    await user.click(screen.getByText('A001_C002.mov'));
    await user.keyboard('{F2}');
    const name = screen.getByTestId('rename-name');
    expect(name).toHaveValue('A001_C002.mov');
    await user.clear(name);
    await user.type(name, 'Hero take.mov{Enter}');
    await waitFor(() => expect(names()).toContain('Hero take.mov'));
    expect(await filesIn(backend, project.id, day.id)).toContain('Hero take.mov');
    await waitFor(() => expect(list()).toHaveFocus());
  });

  it('says a name is taken and keeps the dialog open', async () => {
    const { user } = await openDay();
    await user.click(screen.getByText('A001_C002.mov'));
    await user.click(screen.getByTestId('rename'));
    await user.clear(screen.getByTestId('rename-name'));
    await user.type(screen.getByTestId('rename-name'), 'A001_C001.mov{Enter}');
    expect(await screen.findByText(/already in this folder/)).toBeInTheDocument();
  });

  it('deletes after asking, and not before', async () => {
    const { backend, user, project, day } = await openDay();
    await user.click(screen.getByText('B001_C001.mov'));
    await user.keyboard('{Delete}');
    const dialog = screen.getByRole('dialog', { name: 'Delete file?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(await filesIn(backend, project.id, day.id)).toHaveLength(3);

    await user.keyboard('{Delete}');
    await user.click(within(screen.getByRole('dialog')).getByTestId('confirm'));
    await waitFor(() => expect(names()).not.toContain('B001_C001.mov'));
    expect(await filesIn(backend, project.id, day.id)).toHaveLength(2);
  });

  it('moves a folder into another, and a file too', async () => {
    const { backend, user, project, other } = await openDay();
    await user.click(screen.getByText('Sound'));
    await user.click(screen.getByTestId('move'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Day 02' }));
    await user.click(screen.getByTestId('move-submit'));
    await waitFor(() => expect(names()).not.toContain('Sound'));
    expect((await backend.listFolders(project.id, other.id, 'local')).map((f) => f.name)).toEqual(['Sound']);

    await user.click(screen.getByText('A001_C001.mov'));
    await user.click(screen.getByTestId('move'));
    expect(screen.queryByTestId('move-target-top')).not.toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Day 02' }));
    await user.click(screen.getByTestId('move-submit'));
    await waitFor(() => expect(names()).not.toContain('A001_C001.mov'));
    expect(await filesIn(backend, project.id, other.id)).toEqual(['A001_C001.mov']);
  });

  it('shows posters in the grid', async () => {
    const { backend, account, user, project, day } = await openDay();
    // Two real clips: the server makes their posters after probing them.
    for (const name of ['C001_C001.mp4', 'C001_C002.mp4']) {
      const clip = await putClip(account, project.id, day.id, name);
      await waitFor(
        async () => expect((await backend.getFile({ projectId: project.id, folderId: day.id, fileId: clip.id }, 'local')).has_poster).toBe(true),
        { timeout: 30_000 },
      );
    }
    const sidebar = screen.getByRole('navigation', { name: 'Projects and folders' });
    await user.click(within(sidebar).getByRole('button', { name: 'Day 02' }));
    await user.click(within(sidebar).getByRole('button', { name: 'Day 01' }));
    await user.click(screen.getByTestId('layout-grid'));
    await waitFor(() => {
      const posters = [...document.querySelectorAll('img')].filter((img) => /\/media\/\d+\/poster\?/.test(img.src));
      expect(posters).toHaveLength(2);
    });
  });

  it('opens a file for review with Enter, and comes back with Escape', async () => {
    const { user } = await openDay();
    await user.click(screen.getByText('A001_C001.mov'));
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('review-title')).toHaveTextContent('A001_C001.mov');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(names()).toContain('A001_C001.mov'));
  });

  it('renames and deletes the project from its top level', async () => {
    const { backend, user, project } = await openDay();
    await user.click(within(screen.getByRole('navigation', { name: 'Breadcrumbs' })).getByRole('button', { name: project.name }));
    await user.click(await screen.findByTestId('rename-project'));
    await user.clear(screen.getByTestId('rename-name'));
    const renamed = unique('Night Exteriors');
    await user.type(screen.getByTestId('rename-name'), `${renamed}{Enter}`);
    await waitFor(() => expect(screen.getByTestId('project-item')).toHaveTextContent(renamed));

    await user.click(screen.getByTestId('delete-project'));
    await user.click(within(screen.getByRole('dialog')).getByTestId('confirm'));
    expect(await screen.findByText('No projects yet — create one to start')).toBeInTheDocument();
    expect(await backend.listProjects('local')).toEqual([]);
  });

  it('opens members, account and settings, and goes back', async () => {
    const { user } = await openDay();
    await user.click(screen.getByTestId('open-members'));
    expect(await screen.findByTestId('members-title')).toHaveTextContent('Members of Day 01');
    await user.click(screen.getByTestId('open-account'));
    expect(await screen.findByTestId('account-me')).toBeInTheDocument();
    await user.click(screen.getByTestId('open-settings'));
    expect(await screen.findByTestId('settings-save')).toBeInTheDocument();
    const sidebar = screen.getByRole('navigation', { name: 'Projects and folders' });
    await user.click(within(sidebar).getByRole('button', { name: 'Day 01' }));
    await waitFor(() => expect(names()).toContain('Sound'));
  });
});
