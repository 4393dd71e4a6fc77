/**
 * Frames, seconds and SMPTE timecode. Frame rates come as the probe's rational ("24000/1001"),
 * kept exact; drop-frame timecode (29.97 and 59.94) skips frame numbers 0 and 1 (0–3 at 59.94)
 * at the start of every minute except each tenth, as SMPTE 12M says.
 */

/** A frame rate as numerator / denominator. */
export interface Rate {
  readonly num: number;
  readonly den: number;
}

/** The rate a video without a probed rate is stepped at. */
export const FALLBACK_RATE: Rate = { num: 25, den: 1 };

/** Reads "30000/1001", "25" or "25/1"; `null` for anything that is not a positive rate. */
export function parseRate(text: string | null | undefined): Rate | null {
  if (!text) return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?)\s*)?$/.exec(text);
  if (!match) return null;
  const num = Number(match[1]);
  const den = match[2] === undefined ? 1 : Number(match[2]);
  if (!(num > 0) || !(den > 0)) return null;
  return { num, den };
}

/** Frames per second as a number. */
export function fps(rate: Rate): number {
  return rate.num / rate.den;
}

/** The frame rate timecode counts in: 29.97 counts as 30, 23.976 as 24. */
export function timebase(rate: Rate): number {
  return Math.round(fps(rate));
}

/** Whether the rate is NTSC's 29.97 or 59.94, where drop-frame timecode is used. */
export function isDropFrameRate(rate: Rate): boolean {
  const base = timebase(rate);
  return (base === 30 || base === 60) && Math.abs(fps(rate) - base) > 0.001;
}

/**
 * The frame shown at `seconds`: frame n spans [n / fps, (n + 1) / fps). A small tolerance
 * keeps a time that is a hair before a boundary (float rounding) on the right frame.
 */
export function frameAt(seconds: number, rate: Rate): number {
  if (!(seconds > 0)) return 0;
  return Math.floor(seconds * fps(rate) + 1e-6);
}

/** The time to seek to for frame `n`: its middle, so rounding can never land on a neighbour. */
export function timeOf(frame: number, rate: Rate): number {
  return (Math.max(0, frame) + 0.5) / fps(rate);
}

/**
 * Timecode "HH:MM:SS:FF" of `frame` frames after `start` (itself a timecode, e.g. the clip's
 * start timecode; "00:00:00:00" when unknown). Drop-frame when the start says so (";") or,
 * without a start, when the rate is 29.97 or 59.94.
 */
export function timecodeOf(frame: number, rate: Rate, start?: string | null): string {
  const startParsed = start ? parseTimecode(start, rate) : null;
  const drop = startParsed ? startParsed.drop : isDropFrameRate(rate);
  const total = Math.max(0, Math.floor(frame)) + (startParsed?.frames ?? 0);
  return format(total, timebase(rate), drop);
}

/** A timecode as a frame count from 00:00:00:00, and whether it is drop-frame. */
export function parseTimecode(text: string, rate: Rate): { frames: number; drop: boolean } | null {
  const match = /^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/.exec(text.trim());
  if (!match) return null;
  const [h, m, s, f] = [match[1], match[2], match[3], match[5]].map(Number) as [number, number, number, number];
  const drop = match[4] === ';' || match[4] === ',';
  const base = timebase(rate);
  if (m > 59 || s > 59 || f >= base) return null;
  let frames = ((h * 60 + m) * 60 + s) * base + f;
  if (drop) {
    const dropped = dropPerMinute(base);
    const minutes = h * 60 + m;
    frames -= dropped * (minutes - Math.floor(minutes / 10));
  }
  return { frames, drop };
}

function dropPerMinute(base: number): number {
  return Math.round(base / 15);
}

function format(total: number, base: number, drop: boolean): string {
  let frames = total;
  if (drop) {
    const dropped = dropPerMinute(base);
    const perTenMinutes = base * 600 - dropped * 9;
    const perMinute = base * 60 - dropped;
    const tens = Math.floor(frames / perTenMinutes);
    const rest = frames % perTenMinutes;
    frames += dropped * 9 * tens;
    if (rest > dropped) frames += dropped * Math.floor((rest - dropped) / perMinute);
  }
  const ff = frames % base;
  const seconds = Math.floor(frames / base);
  const ss = seconds % 60;
  const mm = Math.floor(seconds / 60) % 60;
  const hh = Math.floor(seconds / 3600) % 24;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(hh)}:${two(mm)}:${two(ss)}${drop ? ';' : ':'}${two(ff)}`;
}
