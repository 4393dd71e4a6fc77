import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import App from './App.svelte';
import { MemoryBackend } from './lib/backend/memory';

/**
 * axe-core over each main view as the app renders it in jsdom. jsdom has no layout and no
 * computed colours, so colour contrast (and anything else that needs rendering) is left out;
 * those are checked by eye in the themes (docs/app.md).
 */
async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function app() {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  const file = backend.files.add(project.id, day.id, 'A001.mov', {
    content_type: 'video/quicktime',
    size: 1_000_000,
    technical: { framerate: '25/1', fps: 25, frames: 250, duration: 10, width: 1920, height: 1080, video_codec: 'h264' },
  });
  await backend.createComment({ projectId: project.id, folderId: day.id, fileId: file.id }, { body: 'Boom in shot', frame: 4 });
  backend.transfers.local.set('/m/B001.mov', 1_000_000);
  await backend.queueUploads(project.id, day.id, [{ path: '/m/B001.mov', on_conflict: 'keep_both' }]);
  const user = userEvent.setup();
  render(App, { props: { backend } });
  await user.click(await screen.findByTestId('project-item'));
  const sidebar = screen.getByRole('complementary', { name: 'Local library' });
  await user.click(await within(sidebar).findByRole('button', { name: 'Day 01' }));
  await screen.findByTestId('file-item');
  return { user, sidebar };
}

describe('accessibility (axe-core, serious and critical)', () => {
  it('browse', async () => {
    await app();
    expect(await violations()).toEqual([]);
  });

  it('review, comments and metadata', async () => {
    const { user } = await app();
    await user.dblClick(screen.getByTestId('file-item'));
    await screen.findByTestId('thread');
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId('tab-metadata'));
    await screen.findByTestId('metadata-panel');
    expect(await violations()).toEqual([]);
  });

  it('members', async () => {
    const { user } = await app();
    await user.click(screen.getByTestId('open-members'));
    await screen.findAllByTestId('member-row');
    expect(await violations()).toEqual([]);
  });

  it('account', async () => {
    const { user } = await app();
    await user.click(screen.getByTestId('open-account'));
    await screen.findByTestId('account-me');
    expect(await violations()).toEqual([]);
  });

  it('settings', async () => {
    const { user } = await app();
    await user.click(screen.getByTestId('open-settings'));
    await screen.findByTestId('settings-download-dir');
    expect(await violations()).toEqual([]);
  });

  it('transfers', async () => {
    const { user, sidebar } = await app();
    await user.click(within(sidebar).getByRole('button', { name: 'Transfers' }));
    await waitFor(() => expect(screen.getAllByTestId('transfer-row').length).toBeGreaterThan(0));
    expect(await violations()).toEqual([]);
  });
});
