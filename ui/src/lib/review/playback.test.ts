import { describe, expect, it } from 'vitest';

import type { File, Rendition } from '../api-types';
import { playbackOf, preparingLabel, working } from './playback';

const r = (kind: Rendition['kind'], state: Rendition['state'], extra: Partial<Rendition> = {}): Rendition => ({
  kind,
  state,
  percent: state === 'ready' ? 100 : 0,
  error_code: null,
  error: null,
  ...extra,
});

const file = (renditions: Rendition[], content_type = 'video/quicktime'): File => ({
  id: 1,
  project_id: 1,
  folder_id: 1,
  name: 'A001C003.mov',
  content_type,
  state: 'ready',
  size: 1,
  sha256: null,
  has_poster: false,
  renditions,
  stack_id: 1,
  version: 1,
  version_count: 1,
  status: 'none',
  status_set_by: null,
  status_set_at: null,
  unseen_comments: 0,
  created_by: null,
  created_at: '',
  updated_at: '',
});

describe('playbackOf', () => {
  it('plays the proxy once it is ready, and the original when none is needed', () => {
    expect(playbackOf(file([r('probe', 'ready'), r('proxy', 'ready')]))).toEqual({ kind: 'proxy' });
    expect(playbackOf(file([r('probe', 'ready'), r('waveform', 'running')]))).toEqual({ kind: 'original' });
    expect(playbackOf(file([]))).toEqual({ kind: 'original' });
  });

  it('waits while the probe looks and the proxy is made, with its percent', () => {
    expect(playbackOf(file([r('probe', 'queued')]))).toMatchObject({ kind: 'preparing', rendition: 'probe', queued: true });
    expect(playbackOf(file([r('probe', 'ready'), r('proxy', 'running', { percent: 42 })]))).toEqual({
      kind: 'preparing',
      rendition: 'proxy',
      queued: false,
      percent: 42,
    });
    // A still being probed is shown as it is.
    expect(playbackOf(file([r('probe', 'running')], 'image/jpeg'))).toEqual({ kind: 'original' });
  });

  it('says why the proxy failed in ffmpeg’s words, and that the server has no ffmpeg', () => {
    const failed = r('proxy', 'failed', { error_code: 'failed', error: 'Invalid data found when processing input' });
    expect(playbackOf(file([r('probe', 'ready'), failed]))).toEqual({
      kind: 'failed',
      rendition: 'proxy',
      message: 'Invalid data found when processing input',
    });
    expect(playbackOf(file([r('probe', 'failed', { error_code: 'no_tools' })]))).toEqual({ kind: 'no_tools' });
    expect(playbackOf(file([r('probe', 'failed', { error_code: 'not_media' })]))).toEqual({ kind: 'original' });
  });

  it('labels the wait and knows when there is nothing left to wait for', () => {
    expect(preparingLabel({ queued: false, percent: 41.6 })).toBe('Preparing for review — 42%');
    expect(preparingLabel({ queued: true, percent: 0 })).toBe('Waiting to be prepared');
    expect(working(file([r('probe', 'ready'), r('waveform', 'queued')]))).toBe(true);
    expect(working(file([r('probe', 'ready'), r('proxy', 'failed')]))).toBe(false);
  });
});
