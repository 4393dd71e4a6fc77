import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import App from './App.svelte';
import { MemoryBackend } from './lib/backend/memory';

/** The app on a project with a folder "Day 01" holding a subfolder and three clips. */
async function openDay() {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  const other = await backend.createFolder(project.id, { name: 'Day 02', parent_id: null });
  await backend.createFolder(project.id, { name: 'Sound', parent_id: day.id });
  for (const [name, size] of [
    ['A001_C001.mov', 3_000_000],
    ['A001_C002.mov', 1_000_000],
    ['B001_C001.mov', 2_000_000],
  ] as const) {
    backend.files.add(project.id, day.id, name, { size, content_type: 'video/quicktime', has_poster: true });
  }
  const user = userEvent.setup();
  render(App, { props: { backend } });
  await user.click(await screen.findByTestId('project-item'));
  const sidebar = screen.getByRole('navigation', { name: 'Projects and folders' });
  await user.click(await within(sidebar).findByRole('button', { name: 'Day 01' }));
  await waitFor(() => expect(names()).toEqual(['Sound', 'A001_C001.mov', 'A001_C002.mov', 'B001_C001.mov']));
  return { backend, user, project, day, other };
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
    const { backend, user, day } = await openDay();
    await user.click(screen.getByText('A001_C002.mov'));
    await user.keyboard('{F2}');
    const name = screen.getByTestId('rename-name');
    expect(name).toHaveValue('A001_C002.mov');
    await user.clear(name);
    await user.type(name, 'Hero take.mov{Enter}');
    await waitFor(() => expect(names()).toContain('Hero take.mov'));
    expect(backend.files.inFolder(day.id).map((f) => f.name)).toContain('Hero take.mov');
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
    const { backend, user, day } = await openDay();
    await user.click(screen.getByText('B001_C001.mov'));
    await user.keyboard('{Delete}');
    const dialog = screen.getByRole('dialog', { name: 'Delete file?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(backend.files.inFolder(day.id)).toHaveLength(3);

    await user.keyboard('{Delete}');
    await user.click(within(screen.getByRole('dialog')).getByTestId('confirm'));
    await waitFor(() => expect(names()).not.toContain('B001_C001.mov'));
    expect(backend.files.inFolder(day.id)).toHaveLength(2);
  });

  it('moves a folder into another, and a file too', async () => {
    const { backend, user, other } = await openDay();
    await user.click(screen.getByText('Sound'));
    await user.click(screen.getByTestId('move'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Day 02' }));
    await user.click(screen.getByTestId('move-submit'));
    await waitFor(() => expect(names()).not.toContain('Sound'));
    expect(backend.folders.find((f) => f.name === 'Sound')?.parent_id).toBe(other.id);

    await user.click(screen.getByText('A001_C001.mov'));
    await user.click(screen.getByTestId('move'));
    expect(screen.queryByTestId('move-target-top')).not.toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Day 02' }));
    await user.click(screen.getByTestId('move-submit'));
    await waitFor(() => expect(names()).not.toContain('A001_C001.mov'));
    expect(backend.files.inFolder(other.id).map((f) => f.name)).toEqual(['A001_C001.mov']);
  });

  it('shows posters in the grid', async () => {
    const { user } = await openDay();
    await user.click(screen.getByTestId('layout-grid'));
    await waitFor(() => expect(document.querySelectorAll('img[src$="/poster"]')).toHaveLength(3));
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
    const { backend, user } = await openDay();
    await user.click(within(screen.getByRole('navigation', { name: 'Breadcrumbs' })).getByRole('button', { name: 'Night Shoot' }));
    await user.click(await screen.findByTestId('rename-project'));
    await user.clear(screen.getByTestId('rename-name'));
    await user.type(screen.getByTestId('rename-name'), 'Night Exteriors{Enter}');
    await waitFor(() => expect(screen.getByTestId('project-item')).toHaveTextContent('Night Exteriors'));

    await user.click(screen.getByTestId('delete-project'));
    await user.click(within(screen.getByRole('dialog')).getByTestId('confirm'));
    expect(await screen.findByText('No projects yet — create one to start')).toBeInTheDocument();
    expect(backend.projects).toEqual([]);
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
