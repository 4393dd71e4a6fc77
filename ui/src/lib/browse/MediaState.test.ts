import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { File, Rendition } from '../api-types';
import MediaState from './MediaState.svelte';

const withProxy = (proxy: Partial<Rendition> | null): File => ({
  id: 7,
  project_id: 1,
  folder_id: 2,
  name: 'A001C003.mov',
  content_type: 'video/quicktime',
  state: 'ready',
  size: 1,
  sha256: null,
  has_poster: true,
  renditions: [
    { kind: 'probe', state: 'ready', percent: 100, error_code: null, error: null },
    ...(proxy ? [{ kind: 'proxy' as const, state: 'queued' as const, percent: 0, error_code: null, error: null, ...proxy }] : []),
  ],
  stack_id: 7,
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

describe('MediaState', () => {
  it('says how far a proxy is, in words', () => {
    render(MediaState, { file: withProxy({ state: 'running', percent: 42 }) });
    expect(screen.getByTestId('media-state')).toHaveTextContent('Preparing 42%');
  });

  it('says a queued proxy is waiting', () => {
    render(MediaState, { file: withProxy({}) });
    expect(screen.getByTestId('media-state')).toHaveTextContent('Waiting to prepare');
  });

  it('marks a failed proxy with words and ffmpeg’s reason in the tooltip', () => {
    render(MediaState, { file: withProxy({ state: 'failed', error_code: 'failed', error: 'moov atom not found' }) });
    const badge = screen.getByTestId('media-state');
    expect(badge).toHaveTextContent('Can’t prepare');
    expect(badge).toHaveAttribute('title', expect.stringContaining('moov atom not found'));
  });

  it('shows nothing for a file that plays as it is, or whose proxy is ready', () => {
    render(MediaState, { file: withProxy(null) });
    render(MediaState, { file: withProxy({ state: 'ready', percent: 100 }) });
    expect(screen.queryByTestId('media-state')).not.toBeInTheDocument();
  });
});
