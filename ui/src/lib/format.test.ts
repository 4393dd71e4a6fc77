import { describe, expect, it } from 'vitest';

import { formatBytes, formatBytesPrecise, formatDuration, formatEta, formatRate, mediaKind } from './format';

describe('formatting', () => {
  it('shows sizes in decimal units', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1_400_000_000)).toBe('1.4 GB');
    expect(formatBytes(52_000_000)).toBe('52 MB');
  });

  it('shows progress sizes to three figures', () => {
    expect(formatBytesPrecise(12_345_678)).toBe('12.3 MB');
    expect(formatBytesPrecise(40_000_000)).toBe('40 MB');
    expect(formatBytesPrecise(1_450_000_000)).toBe('1.45 GB');
    expect(formatBytesPrecise(999_600)).toBe('1 MB');
    expect(formatBytesPrecise(512)).toBe('512 bytes');
    expect(formatBytesPrecise(null)).toBe('—');
  });

  it('shows rates and time left', () => {
    expect(formatRate(24_000_000)).toBe('24 MB/s');
    expect(formatRate(0)).toBe('');
    expect(formatEta(44.2)).toBe('45 s left');
    expect(formatEta(720)).toBe('12 min left');
    expect(formatEta(3900)).toBe('1 h 5 min left');
    expect(formatEta(7200)).toBe('2 h left');
    expect(formatEta(null)).toBe('');
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
