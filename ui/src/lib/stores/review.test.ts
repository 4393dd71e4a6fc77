import { describe, expect, it, vi } from 'vitest';

import { BackendError } from '../backend';
import { MemoryBackend } from '../backend/memory';
import { Review } from './review.svelte';

async function clip() {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Night Shoot', description: '' });
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null });
  const file = backend.files.add(project.id, day.id, 'A001.mov', {
    content_type: 'video/quicktime',
    technical: { framerate: '25/1', fps: 25, frames: 250, duration: 10 },
  });
  const review = new Review(backend, 'local', file);
  await review.start();
  return { backend, review, file };
}

describe('Review', () => {
  it('loads the media URL, the metadata, the comments and who is looking', async () => {
    const { review, file } = await clip();
    expect(review.media).toMatchObject({ state: 'ready', value: `memory://media/${file.id}` });
    expect(review.metadata.value?.technical?.frames).toBe(250);
    expect(review.comments).toMatchObject({ state: 'ready', items: [] });
    expect(review.me?.email).toBe('library@rushes.invalid');
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
    const thread = review.comments.items.find((c) => c.id === at.id)!;
    expect(thread.resolved).toBe(true);
    expect(thread.replies.map((r) => r.body)).toEqual(['Agreed, use take 4']);
    expect(review.isMine(thread)).toBe(true);
    expect(review.comments.items.find((c) => c.id === range.id)?.body).toBe('Boom dips into shot');

    await review.remove(range.id);
    expect(review.comments.items.map((c) => c.id)).toEqual([at.id]);
  });

  it('rejects a frame past the end with the server’s words', async () => {
    const { review } = await clip();
    await expect(review.addComment('Late', 250, null)).rejects.toMatchObject({
      code: 'invalid',
      message: 'frame: is after the last frame (249)',
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
    await expect(review.patchMetadata({ duration: '1' })).rejects.toMatchObject({ code: 'invalid' });
  });
});
