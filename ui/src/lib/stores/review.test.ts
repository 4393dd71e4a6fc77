import { describe, expect, it, vi } from 'vitest';

import { MEDIA_TIMEOUT, putClip, putProRes, serverBackend, unique } from '../../testing/server';
import { BackendError } from '../backend';
import { Review } from './review.svelte';

/** A 10-second clip at 25 fps (250 frames) on the server, open for review. */
async function clip() {
  const { backend, account } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const file = await putClip(account, project.id, day.id, 'A001.mp4', { seconds: 10, fps: 25 });
  const review = new Review(backend, 'local', file);
  await review.start();
  return { backend, account, review, file };
}

describe('Review (against the server)', () => {
  it('loads the media URL, the metadata, the comments and who is looking', async () => {
    const { review, file, account } = await clip();
    expect(review.media.state).toBe('ready');
    expect(new URL(review.media.value ?? '').pathname).toBe(`/media/${file.id}`);
    expect(review.metadata.value?.technical?.frames).toBe(250);
    expect(review.comments).toMatchObject({ state: 'ready', items: [] });
    expect(review.me?.email).toBe(account.email);
  });

  it('comments at a frame and over a range, replies, resolves, edits and deletes', async () => {
    const { review } = await clip();
    const range = await review.addComment('Boom in shot', 40, 60);
    const at = await review.addComment('Soft focus', 12, null);
    expect(review.comments.items.map((c) => [c.frame, c.frame_out])).toEqual([
      [12, null],
      [40, 60],
    ]);

    await review.reply(at.id, 'Agreed, use take 4');
    await review.setResolved(at.id, true);
    await review.edit(range.id, 'Boom dips into shot');
    const thread = review.comments.items.find((c) => c.id === at.id);
    expect(thread?.resolved).toBe(true);
    expect(thread?.replies.map((r) => r.body)).toEqual(['Agreed, use take 4']);
    expect(thread && review.isMine(thread)).toBe(true);
    expect(review.comments.items.find((c) => c.id === range.id)?.body).toBe('Boom dips into shot');

    await review.remove(range.id);
    expect(review.comments.items.map((c) => c.id)).toEqual([at.id]);
  });

  it('rejects a frame past the end with the server’s words', async () => {
    const { review } = await clip();
    await expect(review.addComment('Late', 250, null)).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^frame .*249/),
    });
  });

  it('asks for a fresh media URL after the old one failed', async () => {
    const { backend, review } = await clip();
    vi.spyOn(backend, 'mediaUrl').mockRejectedValueOnce(new BackendError('offline', 'connection refused'));
    await review.loadMedia();
    expect(review.media.state).toBe('error');
    await review.loadMedia();
    expect(review.media.state).toBe('ready');
  });

  it('patches metadata and keeps the answer', async () => {
    const { review } = await clip();
    await review.patchMetadata({ scene: '12', take: '3' });
    expect(review.metadata.value?.custom).toEqual({ scene: '12', take: '3' });
    await review.patchMetadata({ take: null, lens: '35mm' });
    expect(review.metadata.value?.custom).toEqual({ scene: '12', lens: '35mm' });
    await expect(review.patchMetadata({ duration: '1' })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('plays a ProRes file from the proxy the server made, and loads its waveform', async () => {
    const { backend, account } = await serverBackend();
    const project = await backend.createProject({ name: unique('Camera'), description: '' }, 'local');
    const day = await backend.createFolder(project.id, { name: 'A001', parent_id: null }, 'local');
    const file = await putProRes(account, project.id, day.id, 'A001C003.mov');
    const review = new Review(backend, 'local', file);
    await review.start();
    expect(review.playback).toEqual({ kind: 'proxy' });
    expect(new URL(review.media.value ?? '').pathname).toBe(`/media/${file.id}/proxy`);
    expect(review.waveform?.length).toBeGreaterThan(0);
  }, MEDIA_TIMEOUT);

  it('waits while the file is prepared and switches to the proxy when it is ready', async () => {
    const { backend, account } = await serverBackend();
    const project = await backend.createProject({ name: unique('Camera'), description: '' }, 'local');
    const day = await backend.createFolder(project.id, { name: 'A001', parent_id: null }, 'local');
    const uploaded = await putProRes(account, project.id, day.id, 'A001C004.mov', { waitFor: 'upload' });
    // As a folder listing taken before the server started on it shows the file.
    const listed = { ...uploaded, renditions: [{ kind: 'probe' as const, state: 'queued' as const, percent: 0, error_code: null, error: null }] };
    const review = new Review(backend, 'local', listed);
    await review.start();
    expect(review.playback).toMatchObject({ kind: 'preparing', queued: true });
    expect(review.media.value).toBeNull();
    const stop = review.watch(100);
    try {
      await vi.waitFor(() => expect(review.media.value).toContain(`/media/${uploaded.id}/proxy`), { timeout: 60_000, interval: 100 });
    } finally {
      stop();
    }
    expect(review.playback).toEqual({ kind: 'proxy' });
    // The probe ran meanwhile: frames and timecode are the source's.
    await vi.waitFor(() => expect(review.metadata.value?.technical?.start_timecode).toBe('01:00:00:00'));
  }, MEDIA_TIMEOUT);
});
