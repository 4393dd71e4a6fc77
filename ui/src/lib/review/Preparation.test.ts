import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { BackendError } from '../backend';
import Preparation from './Preparation.svelte';

describe('Preparation', () => {
  it('shows how far the proxy is', () => {
    render(Preparation, {
      playback: { kind: 'preparing', rendition: 'proxy', queued: false, percent: 42 },
      retries: true,
      onretry: vi.fn(),
    });
    expect(screen.getByRole('status')).toHaveTextContent('Preparing for review — 42%');
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '42');
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('says it is waiting while queued', () => {
    render(Preparation, {
      playback: { kind: 'preparing', rendition: 'proxy', queued: true, percent: 0 },
      retries: true,
      onretry: vi.fn(),
    });
    expect(screen.getByRole('status')).toHaveTextContent('Waiting to be prepared');
  });

  it('shows ffmpeg’s words and retries the failed job, with the refusal when there is one', async () => {
    const onretry = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new BackendError('forbidden', 'Editors only.'));
    render(Preparation, {
      playback: { kind: 'failed', rendition: 'proxy', message: 'Invalid data found when processing input' },
      retries: true,
      onretry,
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Invalid data found when processing input');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onretry).toHaveBeenCalledWith('proxy');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('preparation-retry-error')).toHaveTextContent('Editors only');
  });

  it('offers no Retry to people who cannot manage files', () => {
    render(Preparation, {
      playback: { kind: 'failed', rendition: 'proxy', message: 'boom' },
      retries: false,
      onretry: vi.fn(),
    });
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });
});
