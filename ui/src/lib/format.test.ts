import { describe, expect, it } from 'vitest';

import { formatBytes, formatDuration, mediaKind } from './format';

describe('formatting', () => {
  it('shows sizes in decimal units', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1_400_000_000)).toBe('1.4 GB');
    expect(formatBytes(52_000_000)).toBe('52 MB');
  });

  it('shows durations as clocks', () => {
    expect(formatDuration(2)).toBe('0:02');
    expect(formatDuration(62.5)).toBe('1:02.5');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('—');
  });

  it('tells media kinds from MIME types', () => {
    expect(mediaKind('video/mp4')).toBe('video');
    expect(mediaKind('image/jpeg')).toBe('image');
    expect(mediaKind('audio/wav')).toBe('audio');
    expect(mediaKind('application/pdf')).toBe('other');
  });
});
