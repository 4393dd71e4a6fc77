import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { File } from '../api-types';
import { ffmpegMade, fileWhen, MEDIA_TIMEOUT, putClip, putFile, putVersion, renditionReady, serverBackend, unique } from '../../testing/server';
import { testContext } from '../test-context';
import ReviewView from './ReviewView.svelte';

const refOf = (f: File) => ({ projectId: f.project_id, folderId: f.folder_id, fileId: f.id });

/** A project with a folder on the test server, as a fresh account. */
async function place() {
  const { backend, account } = await serverBackend();
  const project = await backend.createProject({ name: unique('Versions'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  return { backend, account, projectId: project.id, folderId: day.id };
}

function show(backend: Parameters<typeof testContext>[0], file: File) {
  const onback = vi.fn();
  render(ReviewView, { props: { file, connection: 'local', onback }, context: testContext(backend) });
  return { user: userEvent.setup(), onback };
}

describe('the version switcher of the review screen', () => {
  it('opens at the version given and switches to another with its own comments and status', async () => {
    const { backend, account, projectId, folderId } = await place();
    const v1 = await putFile(account, projectId, folderId, 'notes.txt', 'first cut', 'text/plain');
    const v2 = await putVersion(account, v1, 'second cut', 'text/plain');
    await backend.createComment(refOf(v1), { body: 'On the first cut' }, 'local');
    await backend.setStatus(refOf(v1), 'changes_requested', 'local');

    const { user } = show(backend, v2);
    const switcher = await screen.findByTestId('version-switcher');
    expect(screen.getByTestId('version-of')).toHaveTextContent('v2 of 2');
    expect(switcher).toHaveValue(String(v2.id));
    expect(within(switcher).getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringMatching(/^v2 · .* · newest$/),
      expect.stringMatching(/^v1 · /),
    ]);
    expect(screen.getByTestId('status-select')).toHaveValue('none');
    await screen.findByText('No comments yet');

    await user.selectOptions(switcher, String(v1.id));
    expect(await screen.findByText('On the first cut')).toBeInTheDocument();
    expect(screen.getByTestId('version-of')).toHaveTextContent('v1 of 2');
    expect(screen.getByTestId('status-select')).toHaveValue('changes_requested');
    expect(screen.getByTestId('status-set-by')).toHaveTextContent(`Set by ${account.user.name}`);

    await user.selectOptions(screen.getByTestId('version-switcher'), String(v2.id));
    await screen.findByText('No comments yet');
    expect(screen.getByTestId('status-select')).toHaveValue('none');
  });

  it('offers no switcher for a file with one version', async () => {
    const { backend, account, projectId, folderId } = await place();
    const only = await putFile(account, projectId, folderId, 'only.txt', 'just one', 'text/plain');
    show(backend, only);
    await screen.findByText('No comments yet');
    await waitFor(() => expect(screen.getByTestId('version-of')).toHaveTextContent('v1 of 1'));
    expect(screen.queryByTestId('version-switcher')).toBeNull();
    expect(screen.queryByTestId('delete-version')).toBeNull();
  });

  it('deletes the version on screen and shows the newest one left', async () => {
    const { backend, account, projectId, folderId } = await place();
    const v1 = await putFile(account, projectId, folderId, 'edit.txt', 'one', 'text/plain');
    const v2 = await putVersion(account, v1, 'two', 'text/plain');
    const v3 = await putVersion(account, v2, 'three', 'text/plain');

    const { user } = show(backend, v2);
    await screen.findByTestId('version-switcher');
    await user.click(screen.getByTestId('delete-version'));
    await user.click(await screen.findByRole('button', { name: 'Delete v2' }));
    await waitFor(() => expect(screen.getByTestId('version-of')).toHaveTextContent('v3 of 3'));
    expect(screen.getByTestId('version-switcher')).toHaveValue(String(v3.id));
    const left = await backend.listVersions(refOf(v1), 'local');
    expect(left.map((v) => v.version)).toEqual([3, 1]);
  });

  it(
    'compares two versions side by side, a frame step moving both to the same time',
    async () => {
      const { backend, account, projectId, folderId } = await place();
      const v1 = await putClip(account, projectId, folderId, 'A001.mp4', { seconds: 2, fps: 25 });
      const bytes = ffmpegMade('mp4', [
        '-f', 'lavfi', '-i', 'testsrc2=duration=2:size=160x90:rate=25',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      ]);
      const added = await putVersion(account, v1, bytes, 'video/mp4');
      const v2 = await fileWhen(account, refOf(added), 'probed', (f) => renditionReady(f, 'probe'));

      const { user } = show(backend, v2);
      await user.click(await screen.findByTestId('compare-button'));
      const view = await screen.findByTestId('compare-view');
      const a = within(view).getByTestId<HTMLVideoElement>('compare-video-a');
      const b = within(view).getByTestId<HTMLVideoElement>('compare-video-b');
      await waitFor(() => expect(a.getAttribute('src')).toBeTruthy());
      await waitFor(() => expect(b.getAttribute('src')).toBeTruthy());
      expect(a.getAttribute('src')).not.toBe(b.getAttribute('src'));
      expect(within(view).getByTestId('compare-pick-a')).toHaveValue(String(v2.id));
      expect(within(view).getByTestId('compare-pick-b')).toHaveValue(String(v1.id));

      await user.click(within(view).getByTestId('compare-step-forward'));
      await user.click(within(view).getByTestId('compare-step-forward'));
      expect(a.currentTime).toBeCloseTo(2.5 / 25, 6);
      expect(b.currentTime).toBe(a.currentTime);
      expect(within(view).getByTestId('compare-timecode')).toHaveTextContent('Frame 2');

      await user.keyboard('{ArrowLeft}');
      expect(a.currentTime).toBeCloseTo(1.5 / 25, 6);
      expect(b.currentTime).toBe(a.currentTime);

      await user.keyboard('{Escape}');
      expect(screen.queryByTestId('compare-view')).toBeNull();
    },
    MEDIA_TIMEOUT,
  );
});
