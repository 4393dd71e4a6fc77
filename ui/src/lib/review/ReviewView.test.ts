import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { ffmpegMade, fileWhen, MEDIA_TIMEOUT, putClip, putFile, putProRes, putWav, renditionReady, serverBackend, unique } from '../../testing/server';
import type { Backend } from '../backend';
import { Drafts } from '../stores/drafts.svelte';
import { testContext } from '../test-context';
import ReviewView from './ReviewView.svelte';

type Ref = { projectId: number; folderId: number; fileId: number };

/** What `open` puts on the server: a 10-second clip at 25 fps, a JPEG, or a PDF. */
type Kind = 'video' | 'image' | 'pdf';

async function open(
  kind: Kind = 'video',
  before?: (backend: Backend, ref: Ref) => Promise<unknown>,
  drafts = new Drafts(),
) {
  const { backend, account } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const file =
    kind === 'video'
      ? await putClip(account, project.id, day.id, 'A001.mp4', { seconds: 10, fps: 25 })
      : kind === 'image'
        ? await putFile(account, project.id, day.id, 'still.jpg', ffmpegMade('jpg', ['-f', 'lavfi', '-i', 'testsrc=size=64x36', '-frames:v', '1']), 'image/jpeg')
        : await putFile(account, project.id, day.id, 'call sheet.pdf', '%PDF-1.4 not much of one', 'application/pdf');
  const ref = { projectId: project.id, folderId: day.id, fileId: file.id };
  await before?.(backend, ref);
  const onback = vi.fn();
  const user = userEvent.setup();
  const view = render(ReviewView, { props: { file, connection: 'local', onback }, context: testContext(backend, { drafts }) });
  /** Leaves the screen and opens the same file again (same drafts). */
  const reopen = () => {
    view.unmount();
    render(ReviewView, { props: { file, connection: 'local', onback }, context: testContext(backend, { drafts }) });
  };
  // The player knows the clip's frames once the server's metadata is in: keys before that
  // would step at a guessed rate.
  if (kind === 'video') await screen.findByText(/Frame 0 \/ 249/);
  return { backend, file, onback, user, ref, reopen };
}

describe('ReviewView', () => {
  it('comments at the frame on screen, replies and resolves', async () => {
    const { backend, user, ref } = await open();
    await screen.findByTestId('player-video');
    await screen.findByText('No comments yet');
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(screen.getByLabelText(/At 00:00:00:04/)).toBeChecked();

    await user.keyboard('c');
    expect(screen.getByTestId('comment-text')).toHaveFocus();
    await user.keyboard('Boom in shot{Control>}{Enter}{/Control}');
    const thread = await screen.findByTestId('thread');
    expect(within(thread).getByTestId('comment-at')).toHaveTextContent('00:00:00:04');
    expect((await backend.listComments(ref, 'local'))[0]).toMatchObject({ body: 'Boom in shot', frame: 4, frame_out: null });
    expect(screen.getByTestId('timeline-marker')).toHaveAttribute('data-frame', '4');

    await user.click(within(thread).getByTestId('comment-reply'));
    await user.type(within(thread).getByTestId('reply-text'), 'Fixed in take 5');
    await user.click(within(thread).getByTestId('reply-send'));
    await waitFor(() => expect(within(screen.getByTestId('thread')).getByTestId('reply')).toHaveTextContent('Fixed in take 5'));

    await user.click(within(screen.getByTestId('thread')).getByTestId('comment-resolve'));
    await waitFor(() => expect(screen.getByTestId('thread')).toHaveAttribute('data-resolved', 'true'));
    expect((await backend.listComments(ref, 'local'))[0]?.resolved).toBe(true);
  });

  it('comments over the in–out range once both are marked', async () => {
    const { backend, user, ref } = await open();
    await screen.findByTestId('player-video');
    await user.keyboard('{ArrowRight}{ArrowRight}i{Shift>}{ArrowRight}{/Shift}o');
    expect(screen.getByLabelText('00:00:00:02–00:00:00:12')).toBeChecked();
    await user.type(screen.getByTestId('comment-text'), 'Whole move is soft');
    await user.click(screen.getByTestId('comment-send'));
    await waitFor(async () => expect((await backend.listComments(ref, 'local'))[0]).toMatchObject({ frame: 2, frame_out: 12 }));
  });

  it('edits and deletes one’s own comment after asking', async () => {
    const { backend, user, ref } = await open('video', (b, r) => b.createComment(r, { body: 'Typo here', frame: 1 }, 'local'));
    await user.click(await screen.findByTestId('comment-edit'));
    const box = screen.getByTestId('comment-edit-text');
    await user.clear(box);
    await user.type(box, 'Typo fixed');
    await user.click(screen.getByTestId('comment-edit-save'));
    await waitFor(() => expect(screen.getByTestId('comment-body')).toHaveTextContent('Typo fixed'));

    await user.click(screen.getByTestId('comment-delete'));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete comment?' })).getByTestId('confirm'));
    await waitFor(() => expect(screen.queryByTestId('thread')).not.toBeInTheDocument());
    expect(await backend.listComments(ref, 'local')).toEqual([]);
  });

  it('edits the slate and custom fields, showing technical fields read-only', async () => {
    const { backend, user, ref } = await open('video', (b, r) => b.patchFileMetadata(r, { lens: '35mm' }, 'local'));
    await user.click(screen.getByTestId('tab-metadata'));
    expect(await screen.findByTestId('technical-width')).toHaveTextContent('160 × 90');
    await user.type(screen.getByTestId('slate-scene'), '12');
    await user.type(screen.getByTestId('slate-take'), '3');
    const key = screen.getByTestId('field-key');
    await user.clear(key);
    await user.type(key, 'lens_mm');
    await user.click(screen.getByTestId('field-add'));
    await user.type(screen.getAllByTestId('field-key')[1]!, 'camera');
    await user.type(screen.getAllByTestId('field-value')[1]!, 'A');
    await user.click(screen.getByTestId('metadata-save'));
    await screen.findByText('Saved');
    expect((await backend.fileMetadata(ref, 'local')).custom).toEqual({ camera: 'A', lens_mm: '35mm', scene: '12', take: '3' });
  });

  it('refuses a technical field name before sending anything', async () => {
    const { user } = await open();
    await user.click(screen.getByTestId('tab-metadata'));
    await user.click(await screen.findByTestId('field-add'));
    await user.type(screen.getByTestId('field-key'), 'duration');
    await user.type(screen.getByTestId('field-value'), '3');
    expect(screen.getByRole('alert')).toHaveTextContent('“duration” is a technical field');
    expect(screen.getByTestId('metadata-save')).toBeDisabled();
  });

  it('shows an image as an image, and other files as details', async () => {
    const { file } = await open('image');
    expect(await screen.findByTestId('review-image')).toHaveAttribute('src', expect.stringContaining(`/media/${file.id}?`));
  });

  it('shows the details of a file with no preview, and goes back with Escape', async () => {
    const { user, onback } = await open('pdf');
    expect(await screen.findByTestId('file-details')).toHaveTextContent('There is no preview for this kind of file.');
    await user.keyboard('{Escape}');
    expect(onback).toHaveBeenCalled();
  });

  describe('shortcuts and newly shown fields', () => {
    it('focuses the reply box Reply shows, so typing there never moves a mark', async () => {
      const { user } = await open('video', (b, r) => b.createComment(r, { body: 'Soft focus', frame: 1 }, 'local'));
      await user.click(await screen.findByTestId('comment-reply'));
      expect(screen.getByTestId('reply-text')).toHaveFocus();
      await user.keyboard('ok');
      expect(screen.getByTestId('reply-text')).toHaveValue('ok');
      expect(screen.getByTestId('mark-out')).toHaveTextContent('Out —');
    });

    it('focuses the name of a field Add field shows', async () => {
      const { user } = await open();
      await user.click(screen.getByTestId('tab-metadata'));
      await user.click(await screen.findByTestId('field-add'));
      expect(screen.getByTestId('field-key')).toHaveFocus();
      await user.keyboard('ISO');
      expect(screen.getByTestId('field-key')).toHaveValue('ISO');
      expect(screen.getByTestId('mark-in')).toHaveTextContent('In —');
      expect(screen.getByTestId('mark-out')).toHaveTextContent('Out —');
    });
  });

  it('keeps the draft comment through a media error, and Retry plays again in place', async () => {
    const { user } = await open();
    const video = (await screen.findByTestId('player-video')) as HTMLVideoElement;
    await user.type(screen.getByTestId('comment-text'), 'Half-written note');
    await fireEvent(video, new Event('error'));
    await fireEvent(video, new Event('error'));
    expect(await screen.findByTestId('player-problem')).toHaveTextContent('can’t be played here');
    await user.click(screen.getByTestId('player-retry'));
    expect(screen.queryByTestId('player-problem')).not.toBeInTheDocument();
    expect(screen.getByTestId('player-video')).toBe(video);
    expect(screen.getByTestId('comment-text')).toHaveValue('Half-written note');
  });

  describe('starting a comment while playing', () => {
    it('C pauses and pins the frame on screen', async () => {
      const { user } = await open();
      const video = (await screen.findByTestId('player-video')) as HTMLVideoElement;
      await user.keyboard(' ');
      expect(screen.getByTestId('player-frame')).toHaveAttribute('data-state', 'playing');
      video.currentTime = 2.03;
      await user.keyboard('c');
      expect(screen.getByTestId('comment-text')).toHaveFocus();
      expect(screen.getByTestId('player-frame')).toHaveAttribute('data-state', 'paused');
      await waitFor(() => expect(screen.getByTestId('player-frame')).toHaveAttribute('data-frame', '50'));
      expect(screen.getByLabelText(/At 00:00:02:00/)).toBeChecked();
    });

    it('clicking into the comment box pauses too', async () => {
      const { user } = await open();
      await screen.findByTestId('player-video');
      await user.keyboard(' ');
      await user.click(screen.getByTestId('comment-text'));
      expect(screen.getByTestId('player-frame')).toHaveAttribute('data-state', 'paused');
    });
  });

  describe('nothing typed is lost', () => {
    it('keeps a draft comment and an open reply when the screen is left, and says so on return', async () => {
      const { user, reopen } = await open('video', (b, r) => b.createComment(r, { body: 'Soft focus', frame: 1 }, 'local'));
      await user.type(screen.getByTestId('comment-text'), 'Half a thought');
      await user.click(await screen.findByTestId('comment-reply'));
      await user.keyboard('Agreed');
      reopen();
      expect(screen.getByTestId('comment-text')).toHaveValue('Half a thought');
      expect(screen.getByTestId('draft-note')).toHaveTextContent('Your unsent comment was kept');
      expect(await screen.findByTestId('reply-text')).toHaveValue('Agreed');
    });

    it('forgets the draft once the comment is sent', async () => {
      const { user, reopen } = await open();
      await screen.findByTestId('player-video');
      await user.type(screen.getByTestId('comment-text'), 'Sent{Control>}{Enter}{/Control}');
      await screen.findByTestId('thread');
      reopen();
      expect(screen.getByTestId('comment-text')).toHaveValue('');
      expect(screen.queryByTestId('draft-note')).not.toBeInTheDocument();
    });

    it('keeps unsaved metadata edits across the tabs and leaving the screen', async () => {
      const { user, reopen } = await open();
      await user.click(screen.getByTestId('tab-metadata'));
      await user.type(await screen.findByTestId('slate-scene'), '12');
      await user.click(screen.getByTestId('tab-comments'));
      await user.click(screen.getByTestId('tab-metadata'));
      expect(await screen.findByTestId('slate-scene')).toHaveValue('12');
      reopen();
      await user.click(screen.getByTestId('tab-metadata'));
      expect(await screen.findByTestId('slate-scene')).toHaveValue('12');
      expect(screen.getByTestId('metadata-save')).toBeEnabled();
      expect(screen.getByTestId('metadata-draft')).toHaveTextContent('Unsaved changes');
    });
  });

  it('keeps custom fields in the order they were added, after saving too', async () => {
    const { user } = await open();
    await user.click(screen.getByTestId('tab-metadata'));
    await user.click(await screen.findByTestId('field-add'));
    await user.keyboard('zoom');
    await user.type(screen.getAllByTestId('field-value')[0]!, '2x');
    await user.click(screen.getByTestId('field-add'));
    await user.keyboard('aperture');
    await user.type(screen.getAllByTestId('field-value')[1]!, 'T2');
    await user.click(screen.getByTestId('metadata-save'));
    await screen.findByText('Saved');
    expect(screen.getAllByTestId('field-key').map((i) => (i as HTMLInputElement).value)).toEqual(['zoom', 'aperture']);
  });

  it('puts “Resolved” in the line with the author and date, not over them', async () => {
    const { user } = await open('video', (b, r) => b.createComment(r, { body: 'Fixed', frame: 1 }, 'local'));
    await user.click(await screen.findByTestId('comment-resolve'));
    await waitFor(() => expect(screen.getByTestId('thread')).toHaveAttribute('data-resolved', 'true'));
    expect(within(screen.getByTestId('comment-head')).getByText('Resolved')).toBeInTheDocument();
  });

  describe('files the server prepares for review', () => {
    async function place() {
      const { backend, account } = await serverBackend();
      const project = await backend.createProject({ name: unique('Camera'), description: '' }, 'local');
      const day = await backend.createFolder(project.id, { name: 'A001', parent_id: null }, 'local');
      return { backend, account, project, day };
    }

    it('waits while a ProRes file is prepared, then plays the proxy at the source’s timecode', async () => {
      const { backend, account, project, day } = await place();
      const uploaded = await putProRes(account, project.id, day.id, 'A001C003.mov', { waitFor: 'upload' });
      // As a folder listing taken before the server started on it shows the file.
      const file = {
        ...uploaded,
        renditions: [{ kind: 'probe' as const, state: 'queued' as const, percent: 0, error_code: null, error: null }],
      };
      render(ReviewView, { props: { file, connection: 'local', onback: vi.fn() }, context: testContext(backend) });
      expect(screen.getByTestId('preparing')).toHaveTextContent('Waiting to be prepared');
      const video = await screen.findByTestId('player-video', {}, { timeout: 60_000 });
      expect(video.getAttribute('src')).toContain(`/media/${file.id}/proxy`);
      expect(screen.queryByTestId('preparation')).not.toBeInTheDocument();
      // Counted in the source's frames and timecode, from the probe that ran meanwhile.
      await screen.findByText(/Frame 0 \/ 49/, {}, { timeout: 10_000 });
      expect(screen.getByTestId('player-timecode')).toHaveTextContent('01:00:00:00');
      expect(await screen.findByTestId('waveform', {}, { timeout: 30_000 })).toBeInTheDocument();
    }, MEDIA_TIMEOUT);

    it('plays a sound file with its waveform as the picture', async () => {
      const { backend, account, project, day } = await place();
      const file = await putWav(account, project.id, day.id, 'boom.wav');
      render(ReviewView, { props: { file, connection: 'local', onback: vi.fn() }, context: testContext(backend) });
      const video = await screen.findByTestId('player-video');
      expect(video.getAttribute('src')).toContain(`/media/${file.id}?`);
      const sound = screen.getByTestId('player-sound');
      const waveform = await within(sound).findByTestId('waveform');
      expect(Number(waveform.dataset.columns)).toBeGreaterThan(0);
      // One waveform: the picture, not another under the timeline.
      expect(screen.getAllByTestId('waveform')).toHaveLength(1);
    }, MEDIA_TIMEOUT);

    it('draws a clip’s sound under the timeline once its waveform is ready', async () => {
      const { backend, account, project, day } = await place();
      const clip = await putClip(account, project.id, day.id, 'A001.mp4');
      const file = await fileWhen(account, { projectId: project.id, folderId: day.id, fileId: clip.id }, 'drawn', (f) =>
        renditionReady(f, 'waveform'),
      );
      render(ReviewView, { props: { file, connection: 'local', onback: vi.fn() }, context: testContext(backend) });
      const waveform = await screen.findByTestId('waveform');
      expect(waveform.querySelector('path')?.getAttribute('d')).toMatch(/^M0\.5 /);
      expect(screen.queryByTestId('player-sound')).not.toBeInTheDocument();
    }, MEDIA_TIMEOUT);
  });
});
