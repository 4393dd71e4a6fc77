import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

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
});
