import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import App from './App.svelte';
import type { Backend } from './lib/backend';
import { MemoryBackend } from './lib/backend/memory';
import { putClip, serverBackend, unique } from './testing/server';

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

/** The app on Day 01 of a project on the test server, with a commented clip in it. */
async function app() {
  const { backend, account } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const file = await putClip(account, project.id, day.id, 'A001.mp4');
  const ref = { projectId: project.id, folderId: day.id, fileId: file.id };
  await backend.createComment(ref, { body: 'Boom in shot', frame: 4 }, 'local');
  return show(backend);
}

/** The app with an upload in its (in-memory) transfer queue: the queue is the desktop app's own. */
async function appUploading() {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  backend.files.add(project.id, day.id, 'A001.mov', { content_type: 'video/quicktime', size: 1_000_000 });
  backend.transfers.local.set('/m/B001.mov', 1_000_000);
  await backend.queueUploads(project.id, day.id, [{ path: '/m/B001.mov', on_conflict: 'keep_both' }]);
  return show(backend);
}

async function show(backend: Backend) {
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
    const { user, sidebar } = await appUploading();
    await user.click(within(sidebar).getByRole('button', { name: 'Transfers' }));
    await waitFor(() => expect(screen.getAllByTestId('transfer-row').length).toBeGreaterThan(0));
    expect(await violations()).toEqual([]);
  });
});
