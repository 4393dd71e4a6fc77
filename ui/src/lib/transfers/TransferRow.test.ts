import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Transfer, TransferState } from '../api-types';
import TransferRow from './TransferRow.svelte';

function transfer(fields: Partial<Transfer> = {}): Transfer {
  const base = { id: 't1', direction: 'upload', connection: 'local', name: 'A001.mov', local_path: '/m/A001.mov' } as const;
  const at = { project_id: 1, folder_id: 2, file_id: 3, batch: 'b', on_conflict: 'keep_both' } as const;
  return { ...base, ...at, size: 40_000_000, state: 'queued', done: 0, rate: 0, eta_secs: null, error: null, ...fields };
}

function show(t: Transfer, flags: { canMoveUp?: boolean; canMoveDown?: boolean } = {}) {
  const onaction = vi.fn();
  render(TransferRow, { props: { transfer: t, onaction, ...flags } });
  const row = screen.getByTestId('transfer-row');
  const labels = within(row)
    .queryAllByRole('button')
    .map((b) => b.getAttribute('aria-label'));
  return { onaction, row, labels };
}

describe('TransferRow', () => {
  it('shows progress, bytes, rate, time left and the state in words', () => {
    const { row } = show(transfer({ state: 'sending', done: 12_345_678, rate: 24_000_000, eta_secs: 2 }));
    expect(row).toHaveAttribute('data-transfer-id', 't1');
    expect(row).toHaveAttribute('data-state', 'sending');
    expect(row).toHaveAttribute('data-direction', 'upload');
    const bar = within(row).getByRole('progressbar', { name: 'Progress of A001.mov' });
    expect(bar).toHaveAttribute('aria-valuenow', '30');
    expect(bar).toHaveAttribute('aria-valuetext', '12.3 MB of 40 MB');
    expect(row).toHaveTextContent('Upload');
    expect(row).toHaveTextContent('Uploading');
    expect(row).toHaveTextContent('12.3 MB of 40 MB');
    expect(row).toHaveTextContent('24 MB/s');
    expect(row).toHaveTextContent('2 s left');
  });

  it('leaves the bar without a value while the size is unknown', () => {
    const { row } = show(transfer({ direction: 'download', state: 'sending', size: null, done: 1_000 }));
    expect(within(row).getByRole('progressbar')).not.toHaveAttribute('aria-valuenow');
    expect(row).toHaveTextContent('1 KB so far');
    expect(row).toHaveTextContent('Downloading');
  });

  it.each<[TransferState, Partial<Transfer>, string[]]>([
    ['queued', {}, ['Pause A001.mov', 'Cancel A001.mov']],
    ['sending', {}, ['Pause A001.mov', 'Cancel A001.mov']],
    ['verifying', {}, ['Pause A001.mov', 'Cancel A001.mov']],
    ['paused', {}, ['Resume A001.mov', 'Cancel A001.mov']],
    ['failed', { error: { code: 'offline', message: 'refused' } }, ['Retry A001.mov', 'Cancel A001.mov']],
    ['done', {}, []],
    ['done', { direction: 'download' }, ['Open A001.mov', 'Show A001.mov in folder']],
    ['cancelled', {}, []],
    ['skipped', {}, []],
  ])('offers only what applies when %s', (state, fields, labels) => {
    expect(show(transfer({ state, ...fields })).labels).toEqual(labels);
  });

  it('offers moving a queued transfer only where there is another queued one', () => {
    expect(show(transfer(), { canMoveUp: true, canMoveDown: true }).labels).toEqual([
      'Move A001.mov up',
      'Move A001.mov down',
      'Pause A001.mov',
      'Cancel A001.mov',
    ]);
  });

  it('says why it failed and what to do', () => {
    const { row } = show(transfer({ state: 'failed', done: 500, error: { code: 'disk_full', message: 'no space left' } }));
    expect(within(row).getByTestId('transfer-error')).toHaveTextContent(
      'The disk is full. Free some space, then Retry; nothing downloaded so far is lost. (no space left)',
    );
    expect(row).toHaveTextContent('Failed');
  });

  it('asks for the action of the button pressed', async () => {
    const user = userEvent.setup();
    const { onaction } = show(transfer({ state: 'paused' }), { canMoveDown: true });
    await user.click(screen.getByRole('button', { name: 'Resume A001.mov' }));
    await user.click(screen.getByRole('button', { name: 'Cancel A001.mov' }));
    await user.click(screen.getByRole('button', { name: 'Move A001.mov down' }));
    expect(onaction.mock.calls).toEqual([['resume'], ['cancel'], ['down']]);
  });

  it('shows a finished transfer full, with its size', () => {
    const { row } = show(transfer({ state: 'done', done: 40_000_000, direction: 'download', local_path: '/d/A001.mov' }));
    expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(row).toHaveTextContent('Downloaded');
    expect(row).toHaveTextContent('to /d/A001.mov');
  });

  it('says why the progress went back, when it did', () => {
    render(TransferRow, {
      props: { transfer: transfer({ state: 'sending', done: 10_000_000, rate: 1 }), rewoundFrom: 12_000_000, onaction: vi.fn() },
    });
    expect(screen.getByTestId('transfer-rewound')).toHaveTextContent(
      'Back from 12 MB to 10 MB: resuming from the server’s offset (what it had confirmed).',
    );
  });

  it('keeps one Pause/Resume button whose tooltip names what it does now', async () => {
    const onaction = vi.fn();
    const { rerender } = render(TransferRow, { props: { transfer: transfer({ state: 'sending' }), onaction } });
    const button = screen.getByRole('button', { name: 'Pause A001.mov' });
    expect(button).toHaveAttribute('data-tip', 'Pause A001.mov');
    await rerender({ transfer: transfer({ state: 'paused' }), onaction });
    expect(button).toBeInTheDocument();
    expect(button).toHaveAccessibleName('Resume A001.mov');
    expect(button).toHaveAttribute('data-tip', 'Resume A001.mov');
    expect(button).not.toHaveAttribute('title');
  });

  it('says where it goes, and that a finished one was verified', () => {
    render(TransferRow, {
      props: { transfer: transfer({ state: 'done', done: 40_000_000 }), place: 'Night Shoot / Day 01', onaction: vi.fn() },
    });
    expect(screen.getByTestId('transfer-place')).toHaveTextContent('into Night Shoot / Day 01');
    expect(screen.getByTestId('transfer-verified')).toHaveTextContent('Verified (SHA-256 matches)');
  });

  it('says where a download comes from, and opens it once done', async () => {
    const onaction = vi.fn();
    render(TransferRow, {
      props: { transfer: transfer({ direction: 'download', state: 'done' }), place: 'Night Shoot / Day 01', onaction },
    });
    expect(screen.getByTestId('transfer-place')).toHaveTextContent('from Night Shoot / Day 01');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Open A001.mov' }));
    expect(onaction).toHaveBeenCalledWith('open');
  });

  it('does not claim a transfer still moving was verified', () => {
    render(TransferRow, { props: { transfer: transfer({ state: 'sending' }), onaction: vi.fn() } });
    expect(screen.queryByTestId('transfer-verified')).not.toBeInTheDocument();
  });
});
