import { describe, expect, it } from 'vitest';

import { frameAt, isDropFrameRate, parseRate, parseTimecode, timeOf, timecodeOf, type Rate } from './timecode';

const r = (text: string): Rate => {
  const rate = parseRate(text);
  if (!rate) throw new Error(`bad rate ${text}`);
  return rate;
};

describe('frame rates', () => {
  it('reads rationals and plain numbers, and refuses nonsense', () => {
    expect(parseRate('30000/1001')).toEqual({ num: 30000, den: 1001 });
    expect(parseRate('25')).toEqual({ num: 25, den: 1 });
    expect(parseRate('0/0')).toBeNull();
    expect(parseRate('abc')).toBeNull();
    expect(parseRate(null)).toBeNull();
  });

  it('knows which rates count drop-frame', () => {
    expect(isDropFrameRate(r('30000/1001'))).toBe(true);
    expect(isDropFrameRate(r('60000/1001'))).toBe(true);
    expect(isDropFrameRate(r('24000/1001'))).toBe(false);
    expect(isDropFrameRate(r('25/1'))).toBe(false);
  });
});

describe('frames and time', () => {
  it('maps a time to the frame shown and a frame to a time inside it', () => {
    const rate = r('25/1');
    expect(frameAt(0, rate)).toBe(0);
    expect(frameAt(0.039, rate)).toBe(0);
    expect(frameAt(0.04, rate)).toBe(1);
    for (const frame of [0, 1, 24, 25, 1234]) expect(frameAt(timeOf(frame, rate), rate)).toBe(frame);
  });

  it('round-trips every frame at 29.97', () => {
    const rate = r('30000/1001');
    for (let frame = 0; frame < 5000; frame += 7) expect(frameAt(timeOf(frame, rate), rate)).toBe(frame);
  });
});

describe('SMPTE timecode', () => {
  it('counts non-drop frames at 25 fps from the start timecode', () => {
    const rate = r('25/1');
    expect(timecodeOf(0, rate)).toBe('00:00:00:00');
    expect(timecodeOf(24, rate)).toBe('00:00:00:24');
    expect(timecodeOf(25, rate)).toBe('00:00:01:00');
    expect(timecodeOf(90_000, rate)).toBe('01:00:00:00');
    expect(timecodeOf(5, rate, '10:00:00:20')).toBe('10:00:01:00');
  });

  it('counts 23.976 as 24-frame timecode, without dropping', () => {
    expect(timecodeOf(24, r('24000/1001'))).toBe('00:00:01:00');
  });

  it('skips frames 00 and 01 at each minute but every tenth at 29.97 drop-frame', () => {
    const rate = r('30000/1001');
    expect(timecodeOf(1799, rate)).toBe('00:00:59;29');
    expect(timecodeOf(1800, rate)).toBe('00:01:00;02');
    expect(timecodeOf(17982, rate)).toBe('00:10:00;00');
    expect(timecodeOf(107892, rate)).toBe('01:00:00;00');
  });

  it('parses timecode back to the same frame count, drop-frame included', () => {
    const rate = r('30000/1001');
    for (const frame of [0, 1799, 1800, 17982, 107892, 123456]) {
      expect(parseTimecode(timecodeOf(frame, rate), rate)).toEqual({ frames: frame, drop: true });
    }
    expect(parseTimecode('00:00:01:00', r('25/1'))).toEqual({ frames: 25, drop: false });
    expect(parseTimecode('00:00:01:30', r('25/1'))).toBeNull();
  });

  it('follows the start timecode’s drop-frame flag', () => {
    expect(timecodeOf(0, r('30000/1001'), '01:00:00:00')).toBe('01:00:00:00');
    expect(timecodeOf(0, r('30000/1001'), '01:00:00;00')).toBe('01:00:00;00');
  });
});
