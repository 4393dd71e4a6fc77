import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { SettingsStore } from '../stores/settings.svelte';
import { testContext } from '../test-context';
import SettingsView from './SettingsView.svelte';

async function show() {
  const backend = new MemoryBackend();
  const root = document.createElement('html');
  const settings = new SettingsStore(backend, root);
  await settings.load();
  render(SettingsView, { props: { onback: () => {} }, context: testContext(backend, { settings }) });
  return { backend, root, user: userEvent.setup() };
}

describe('SettingsView', () => {
  it('saves the download folder, concurrency, limit and theme', async () => {
    const { backend, root, user } = await show();
    await user.type(screen.getByTestId('settings-download-dir'), '/media/rushes');
    await user.clear(screen.getByTestId('settings-concurrency'));
    await user.type(screen.getByTestId('settings-concurrency'), '6');
    await user.type(screen.getByTestId('settings-bandwidth'), '2.5');
    await user.click(screen.getByTestId('settings-theme-light'));
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(backend.settings).toEqual({ download_dir: '/media/rushes', concurrency: 6, bandwidth_limit: 2_500_000, theme: 'light' });
    expect(root.dataset.theme).toBe('light');
  });

  it('says what is wrong beside the field', async () => {
    const { backend, user } = await show();
    await user.type(screen.getByTestId('settings-download-dir'), 'relative/path');
    await user.clear(screen.getByTestId('settings-concurrency'));
    await user.type(screen.getByTestId('settings-concurrency'), '40');
    await user.click(screen.getByTestId('settings-save'));
    expect(screen.getByText('Use a full path to a folder.')).toBeInTheDocument();
    expect(screen.getByText('Choose between 1 and 16 transfers at once.')).toBeInTheDocument();
    expect(backend.settings.concurrency).toBe(4);
  });

  it('fills the download folder from the system’s folder dialog with Browse', async () => {
    const { backend, user } = await show();
    backend.transfers.pickedFolder = '/media/ada/Rushes';
    await user.click(screen.getByTestId('settings-download-browse'));
    expect(await screen.findByDisplayValue('/media/ada/Rushes')).toBe(screen.getByTestId('settings-download-dir'));
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(backend.settings.download_dir).toBe('/media/ada/Rushes');
  });

  it('points out a download folder that is not there, kept or typed, and not one that is', async () => {
    const backend = new MemoryBackend();
    backend.settings = { ...backend.settings, download_dir: '/media/raid/Downloads' };
    backend.transfers.missing.add('/media/raid/Downloads');
    const settings = new SettingsStore(backend, document.createElement('html'));
    await settings.load();
    render(SettingsView, { props: { onback: () => {} }, context: testContext(backend, { settings }) });
    const user = userEvent.setup();
    // The kept folder is checked when Settings opens: its drive is not connected.
    expect(await screen.findByTestId('settings-folder-warning')).toHaveTextContent(
      'The download folder /media/raid/Downloads does not exist (is its drive connected?)',
    );
    // One that exists clears it once typed.
    const field = screen.getByTestId('settings-download-dir');
    await user.clear(field);
    await user.type(field, '/home/ada/Rushes');
    await user.tab();
    await vi.waitFor(() => expect(screen.queryByTestId('settings-folder-warning')).toBeNull());
    // Saving a missing one is allowed (the drive may come back), with the warning shown.
    await user.clear(field);
    await user.type(field, '/media/raid/Downloads');
    await user.tab();
    expect(await screen.findByTestId('settings-folder-warning')).toBeInTheDocument();
  });
});
