import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { Transfers } from '../stores/transfers.svelte';
import { testContext } from '../test-context';
import TransferNotice from './TransferNotice.svelte';

function show() {
  const transfers = new Transfers(new MemoryBackend(), (flush) => flush());
  render(TransferNotice, { props: {}, context: testContext(new MemoryBackend(), { transfers }) });
  return transfers;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('TransferNotice', () => {
  it('closes by itself after 6 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const transfers = show();
    transfers.say('info', 'Uploading 3 files to Day 01.');
    await tick();
    expect(screen.getByTestId('transfer-notice')).toHaveTextContent('Uploading 3 files');
    vi.advanceTimersByTime(5_900);
    await tick();
    expect(screen.getByTestId('transfer-notice')).toBeInTheDocument();
    vi.advanceTimersByTime(200);
    await tick();
    expect(screen.queryByTestId('transfer-notice')).not.toBeInTheDocument();
  });

  it('stays while the pointer or focus is on it, and closes with its button', async () => {
    const transfers = show();
    transfers.say('error', 'Couldn’t download A001.mov.');
    await tick();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Close notice' }));
    expect(screen.queryByTestId('transfer-notice')).not.toBeInTheDocument();
  });
});
