import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { BackendError } from '../backend';
import { MemoryBackend } from '../backend/memory';
import { Transfers } from '../stores/transfers.svelte';
import { testContext } from '../test-context';
import TransfersView from './TransfersView.svelte';

/** The panel over a memory queue of `names` (1 MB each) going into "Day 01", one at a time. */
async function show(names: string[] = ['a.mov', 'b.mov', 'c.mov']) {
  const backend = new MemoryBackend();
  backend.settings.concurrency = 1;
  backend.transfers.speed = 250_000;
  const project = await backend.createProject({ name: 'P', description: '' });
  const folder = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  for (const name of names) backend.transfers.local.set(`/m/${name}`, 1_000_000);
  const transfers = new Transfers(backend, (flush) => flush());
  await transfers.start();
  if (names.length > 0) {
    const items = names.map((n) => ({ path: `/m/${n}`, on_conflict: 'keep_both' as const }));
    await backend.queueUploads(project.id, folder.id, items);
  }
  const onback = vi.fn();
  render(TransfersView, { props: { onback }, context: testContext(backend, { transfers }) });
  return { backend, transfers, onback, user: userEvent.setup(), project, folder };
}

const rows = () => screen.queryAllByTestId('transfer-row');
const stateOf = (name: string) => rows().find((r) => r.textContent?.includes(name))?.getAttribute('data-state');

describe('TransfersView', () => {
  it('says there are none, and how to start, when the list is empty', async () => {
    await show([]);
    expect(screen.getByText('No transfers')).toBeInTheDocument();
    expect(screen.getByText(/Drop files or folders onto a folder in the sidebar/)).toBeInTheDocument();
    expect(screen.getByTestId('clear-finished')).toBeDisabled();
  });

  it('lists every transfer with its progress and the totals', async () => {
    const { backend } = await show();
    expect(rows()).toHaveLength(3);
    backend.transfers.tick(1_000);
    await waitFor(() => expect(stateOf('a.mov')).toBe('sending'));
    expect(screen.getByTestId('transfers-summary')).toHaveTextContent('3 active · 250 KB of 3 MB · 250 KB/s · 11 s left');
    expect(screen.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '8');
    expect(screen.getByRole('progressbar', { name: 'Progress of a.mov' })).toHaveAttribute('aria-valuenow', '25');

    backend.transfers.runAll();
    await waitFor(() => expect(screen.getByTestId('transfers-summary')).toHaveTextContent('All done'));
    expect(screen.queryByRole('progressbar', { name: 'Overall progress' })).not.toBeInTheDocument();
    expect(document.querySelectorAll('[data-transfer-id][data-state="done"]')).toHaveLength(3);
  });

  it('pauses, resumes, retries and cancels from the row', async () => {
    const { backend, user } = await show();
    backend.transfers.tick(1_000);
    await user.click(await screen.findByRole('button', { name: 'Pause a.mov' }));
    await waitFor(() => expect(stateOf('a.mov')).toBe('paused'));
    await user.click(screen.getByRole('button', { name: 'Resume a.mov' }));
    await waitFor(() => expect(stateOf('a.mov')).toBe('queued'));

    const b = (await backend.listTransfers())[1]!;
    backend.transfers.fail(b.id, { code: 'offline', message: 'connection refused' });
    await waitFor(() => expect(stateOf('b.mov')).toBe('failed'));
    const row = rows()[1]!;
    expect(row).toHaveTextContent('The server could not be reached. Check the network, then Retry');
    expect(screen.getByTestId('transfers-summary')).toHaveTextContent('2 active');
    await user.click(within(row).getByRole('button', { name: 'Retry b.mov' }));
    await waitFor(() => expect(stateOf('b.mov')).toBe('queued'));

    await user.click(screen.getByRole('button', { name: 'Cancel c.mov' }));
    await waitFor(() => expect(stateOf('c.mov')).toBe('cancelled'));
    expect(screen.queryByRole('button', { name: 'Cancel c.mov' })).not.toBeInTheDocument();
  });

  it('moves a queued transfer up and down among the queued ones', async () => {
    const { backend, user } = await show();
    backend.transfers.tick(1_000);
    await waitFor(() => expect(stateOf('a.mov')).toBe('sending'));
    expect(screen.queryByRole('button', { name: 'Move a.mov up' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move b.mov up' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move c.mov down' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Move c.mov up' }));
    await waitFor(() => expect(rows().map((r) => r.querySelector('.name')?.textContent)).toEqual(['a.mov', 'c.mov', 'b.mov']));
    expect((await backend.listTransfers()).map((t) => t.name)).toEqual(['a.mov', 'c.mov', 'b.mov']);
  });

  it('shows a finished download in its folder and clears finished transfers', async () => {
    const { backend, transfers, user, project, folder } = await show(['a.mov']);
    const file = backend.files.add(project.id, folder.id, 'clip.mov', { size: 10 });
    await transfers.download('local', [file]);
    backend.transfers.runAll();
    await user.click(await screen.findByRole('button', { name: 'Show clip.mov in folder' }));
    expect(backend.transfers.revealed).toHaveLength(1);

    await user.click(screen.getByTestId('clear-finished'));
    await screen.findByText('No transfers');
  });

  it('says why an action failed', async () => {
    const { backend, user } = await show(['a.mov']);
    vi.spyOn(backend, 'pauseTransfer').mockRejectedValueOnce(new BackendError('internal', 'the queue is closed'));
    await user.click(screen.getByRole('button', { name: 'Pause a.mov' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Couldn’t pause a.mov. Something went wrong: the queue is closed. If it keeps happening, restart Rushes.',
    );
  });

  it('shows the list failing with Retry', async () => {
    const backend = new MemoryBackend();
    vi.spyOn(backend, 'listTransfers').mockRejectedValueOnce(new BackendError('internal', 'queue.db is locked'));
    const transfers = new Transfers(backend, (flush) => flush());
    await transfers.start();
    const user = userEvent.setup();
    render(TransfersView, { props: { onback: () => {} }, context: testContext(backend, { transfers }) });
    expect(screen.getByText('Couldn’t list the transfers')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('No transfers');
  });

  it('goes back with Escape', async () => {
    const { onback, user } = await show([]);
    await user.keyboard('{Escape}');
    expect(onback).toHaveBeenCalledOnce();
  });

  it('does not call a paused transfer done, and says how many are paused', async () => {
    const { backend, user } = await show(['a.mov']);
    backend.transfers.tick(1_000);
    await user.click(await screen.findByRole('button', { name: 'Pause a.mov' }));
    await waitFor(() => expect(stateOf('a.mov')).toBe('paused'));
    expect(screen.getByTestId('transfers-summary')).toHaveTextContent('1 paused');
    expect(screen.getByTestId('transfers-summary')).not.toHaveTextContent('All done');
  });
});
