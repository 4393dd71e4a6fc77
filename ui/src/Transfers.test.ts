import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import App from './App.svelte';
import { MemoryBackend } from './lib/backend/memory';

/** The app with "Day 01" (holding A001.mov) open; Day 02 beside it in the sidebar. */
async function openDay() {
  const backend = new MemoryBackend();
  backend.transfers.speed = 1_000_000;
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  const other = await backend.createFolder(project.id, { name: 'Day 02', parent_id: null });
  backend.files.add(project.id, day.id, 'A001.mov', { size: 2_000_000, content_type: 'video/quicktime' });
  backend.transfers.local.set('/m/A001.mov', 3_000_000);
  backend.transfers.local.set('/m/B001.mov', 1_000_000);
  const user = userEvent.setup();
  render(App, { props: { backend } });
  await user.click(await screen.findByTestId('project-item'));
  await user.click(await within(sidebar()).findByRole('button', { name: 'Day 01' }));
  await waitFor(() => expect(names()).toEqual(['A001.mov']));
  return { backend, user, project, day, other };
}

const sidebar = () => screen.getByRole('complementary', { name: 'Local library' });
const names = () => screen.queryAllByTestId('browse-row').map((row) => row.querySelector('[data-testid$="-item"]')?.textContent?.trim());
const notice = () => screen.queryByTestId('transfer-notice');

/** Makes `element` what the point of a drop hits (jsdom has no layout). */
function pointAt(element: Element) {
  document.elementFromPoint = () => element;
}

afterEach(() => {
  Reflect.deleteProperty(document, 'elementFromPoint');
});

describe('uploading', () => {
  it('uploads files dropped on a sidebar folder, asking about a clash first', async () => {
    const { backend, user, other } = await openDay();
    backend.files.add(other.project_id, other.id, 'B001.mov', { size: 5 });
    const target = sidebar().querySelector(`[data-drop-folder="${other.id}"]`)!;
    expect(target.closest('aside')).not.toBeNull();
    pointAt(target.querySelector('.label')!);

    backend.transfers.fileDrop({ type: 'enter', paths: ['/m/A001.mov', '/m/B001.mov'], x: 10, y: 10 });
    expect(target).toHaveAttribute('data-drop-active', '');
    backend.transfers.fileDrop({ type: 'drop', paths: ['/m/A001.mov', '/m/B001.mov'], x: 10, y: 10 });
    expect(target).not.toHaveAttribute('data-drop-active');

    const dialog = await screen.findByRole('dialog', { name: '“B001.mov” is already there' });
    expect(dialog).toHaveTextContent('A file or folder called B001.mov is already in Day 02.');
    await user.click(within(dialog).getByRole('button', { name: 'Keep both' }));
    await waitFor(() => expect(notice()).toHaveTextContent('Uploading 2 files to Day 02.'));

    await user.click(within(sidebar()).getByRole('button', { name: 'Transfers' }));
    expect(within(sidebar()).getByRole('button', { name: 'Transfers' })).toHaveAccessibleDescription('2 active');
    expect(screen.getAllByTestId('transfer-row').map((r) => r.getAttribute('data-state'))).toEqual(['queued', 'queued']);

    backend.transfers.runAll();
    await waitFor(() => expect(document.querySelectorAll('[data-transfer-id][data-state="done"]')).toHaveLength(2));
    expect(backend.files.inFolder(other.id).map((f) => f.name).sort()).toEqual(['A001.mov', 'B001 (2).mov', 'B001.mov']);
    expect(screen.queryByTestId('transfers-badge')).not.toBeInTheDocument();
    expect(notice()).toHaveTextContent('Uploaded 2 files to Day 02.');
  });

  it('uploads into the open folder when dropped on the main area, and lists it again', async () => {
    const { backend, day } = await openDay();
    const main = screen.getByRole('main');
    expect(main).toHaveAttribute('data-drop-current', String(day.id));
    pointAt(screen.getByTestId('browse-items'));
    backend.transfers.fileDrop({ type: 'over', x: 1, y: 1 });
    expect(main).toHaveAttribute('data-drop-active', '');
    backend.transfers.fileDrop({ type: 'drop', paths: ['/m/B001.mov'], x: 1, y: 1 });
    await waitFor(() => expect(notice()).toHaveTextContent('Uploading B001.mov to Day 01.'));
    backend.transfers.runAll();
    await waitFor(() => expect(names()).toEqual(['A001.mov', 'B001.mov']));
  });

  it('cancels the whole drop from the clash dialog', async () => {
    const { backend, user } = await openDay();
    pointAt(screen.getByTestId('browse-items'));
    backend.transfers.fileDrop({ type: 'drop', paths: ['/m/A001.mov', '/m/B001.mov'], x: 1, y: 1 });
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(notice()).toHaveTextContent('Upload cancelled: nothing was sent.'));
    expect(await backend.listTransfers()).toEqual([]);
  });

  it('says so when files are dropped where they cannot go', async () => {
    const { backend } = await openDay();
    pointAt(screen.getByTestId('projects-heading'));
    backend.transfers.fileDrop({ type: 'drop', paths: ['/m/B001.mov'], x: 1, y: 1 });
    await waitFor(() =>
      expect(notice()).toHaveTextContent('Nothing was uploaded: drop onto the open folder, or onto a folder in the sidebar.'),
    );
    expect(await backend.listTransfers()).toEqual([]);
  });

  it('uploads files and folders chosen with the toolbar’s buttons or U', async () => {
    const { backend, user, day } = await openDay();
    const main = screen.getByRole('main');
    backend.transfers.picks = ['/m/B001.mov'];
    await user.click(within(main).getByRole('button', { name: 'Upload files' }));
    await waitFor(() => expect(notice()).toHaveTextContent('Uploading B001.mov to Day 01.'));

    backend.transfers.local.set('/m/Card', { 'CLIPS/C001.mov': 10, '.DS_Store': 1 });
    backend.transfers.picks = ['/m/Card'];
    await user.click(within(main).getByRole('button', { name: 'Upload folder' }));
    await waitFor(() => expect(names()).toEqual(['Card', 'A001.mov']));
    expect(notice()).toHaveTextContent('Uploading C001.mov to Day 01. 1 hidden file or link was left out.');

    const pick = vi.spyOn(backend, 'pickUploads');
    backend.transfers.picks = [];
    screen.getByTestId('browse-items').focus();
    await user.keyboard('u');
    expect(pick).toHaveBeenCalledWith(false);
    backend.transfers.runAll();
    await waitFor(() => expect(names()).toEqual(['Card', 'A001.mov', 'B001.mov']));
    expect(backend.files.inFolder(day.id).map((f) => f.state)).toEqual(['ready', 'ready']);
  });

  it('offers no upload at the top of a project, where files cannot go', async () => {
    const { user } = await openDay();
    await user.click(within(screen.getByRole('navigation', { name: 'Breadcrumbs' })).getByRole('button', { name: 'Night Shoot' }));
    await waitFor(() => expect(names()).toEqual(['Day 01', 'Day 02']));
    expect(screen.queryByRole('button', { name: 'Upload files' })).not.toBeInTheDocument();
    expect(screen.getByRole('main')).not.toHaveAttribute('data-drop-current');
  });
});

describe('downloading', () => {
  it('downloads the selected file from the folder view, with its button or D', async () => {
    const { backend, user } = await openDay();
    await user.click(screen.getByText('A001.mov'));
    await user.click(within(screen.getByTestId('selection-actions')).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(notice()).toHaveTextContent('Downloading A001.mov to your download folder.'));
    screen.getByTestId('browse-items').focus();
    await user.keyboard('d');
    await waitFor(async () => expect(await backend.listTransfers()).toHaveLength(2));
    expect((await backend.listTransfers()).map((t) => t.local_path)).toEqual([
      '/home/you/Downloads/A001.mov',
      '/home/you/Downloads/A001 (2).mov',
    ]);

    await user.click(within(notice()!).getByRole('button', { name: 'Show transfers' }));
    expect(screen.getByRole('heading', { name: 'Transfers' })).toBeInTheDocument();
    expect(screen.getAllByTestId('transfer-row')).toHaveLength(2);
  });

  it('downloads from the review screen and says it was queued', async () => {
    const { backend, user } = await openDay();
    await user.dblClick(screen.getByText('A001.mov'));
    await screen.findByTestId('review-title');
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(notice()).toHaveTextContent('Downloading A001.mov to your download folder.'));
    expect(await backend.listTransfers()).toMatchObject([{ direction: 'download', name: 'A001.mov', size: 2_000_000 }]);
  });
});

describe('the Transfers panel', () => {
  it('opens with T and from the sidebar, and goes back with Escape', async () => {
    const { user } = await openDay();
    screen.getByTestId('browse-items').focus();
    await user.keyboard('t');
    expect(screen.getByText('No transfers')).toBeInTheDocument();
    expect(within(sidebar()).getByRole('button', { name: 'Transfers' })).toHaveAttribute('aria-current', 'page');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(names()).toEqual(['A001.mov']));
  });

  it('lists the shortcuts for uploads, downloads and Transfers', async () => {
    const { user } = await openDay();
    screen.getByTestId('browse-items').focus();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Open Transfers')).toBeInTheDocument();
    expect(within(dialog).getByText('Upload files into the open folder')).toBeInTheDocument();
    expect(within(dialog).getByText('Download the selected file')).toBeInTheDocument();
  });

  it('counts a paused transfer in the sidebar badge', async () => {
    const { backend, user, day } = await openDay();
    const batch = await backend.queueUploads(day.project_id, day.id, [{ path: '/m/B001.mov', on_conflict: 'keep_both' }]);
    await waitFor(() => expect(within(sidebar()).getByTestId('transfers-badge')).toBeInTheDocument());
    await backend.pauseTransfer(batch.transfers[0]!.id);
    await waitFor(() =>
      expect(within(sidebar()).getByRole('button', { name: 'Transfers' })).toHaveAccessibleDescription('1 paused'),
    );
    expect(within(sidebar()).getByTestId('transfers-badge')).toHaveTextContent('1 paused');
    void user;
  });

  it('names the project and folder each transfer goes to, and opens a finished download', async () => {
    const { backend, user } = await openDay();
    await user.click(screen.getByTestId('file-item'));
    await user.click(screen.getByTestId('download'));
    backend.transfers.runAll();
    await user.click(within(sidebar()).getByRole('button', { name: 'Transfers' }));
    const row = await screen.findByTestId('transfer-row');
    expect(within(row).getByTestId('transfer-place')).toHaveTextContent('from Night Shoot / Day 01');
    await waitFor(() => expect(row).toHaveAttribute('data-state', 'done'));
    await user.click(within(row).getByRole('button', { name: 'Open A001.mov' }));
    expect(backend.transfers.opened).toEqual([row.getAttribute('data-transfer-id')]);
  });
});
