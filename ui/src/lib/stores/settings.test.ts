import { describe, expect, it } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { SettingsStore } from './settings.svelte';

describe('SettingsStore', () => {
  it('starts dark, loads, saves and applies the theme', async () => {
    const root = document.createElement('html');
    const backend = new MemoryBackend();
    const settings = new SettingsStore(backend, root);
    expect(root.dataset.theme).toBe('dark');
    await settings.load();
    expect(settings.value).toEqual({ download_dir: null, concurrency: 4, bandwidth_limit: null, theme: 'dark' });

    await settings.save({ download_dir: '/media/rushes', concurrency: 6, bandwidth_limit: 5_000_000, theme: 'light' });
    expect(root.dataset.theme).toBe('light');
    expect(backend.settings.concurrency).toBe(6);
  });

  it('rejects values the app would refuse, naming the field', async () => {
    const settings = new SettingsStore(new MemoryBackend(), null);
    await expect(
      settings.save({ download_dir: null, concurrency: 99, bandwidth_limit: null, theme: 'dark' }),
    ).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/^concurrency: /) });
  });
});
