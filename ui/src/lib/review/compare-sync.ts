import { frameAt, timeOf, type Rate } from '../timecode';

/** What the sync needs of a `<video>`: the element itself, or a stand-in in tests. */
export interface Clip {
  currentTime: number;
  readonly paused: boolean;
  /** Seconds; `NaN` until the element knows it. */
  readonly duration: number;
  play(): Promise<void> | void;
  pause(): void;
}

/**
 * Two versions side by side under one transport. `a` leads: play, pause, seek and frame steps
 * act on both, every seek lands both on the middle of the same frame (so their `currentTime`s
 * are equal), and while they play `follow()` pulls `b` back to `a` when it drifts more than
 * half a frame — two decoders never keep exact step on their own.
 *
 * Frames are counted in one rate for both (the leading version's): versions of one shot share
 * it, and when they do not, the same time is still the fairest comparison.
 */
export class CompareSync {
  readonly a: Clip;
  readonly b: Clip;
  readonly rate: Rate;

  constructor(a: Clip, b: Clip, rate: Rate) {
    this.a = a;
    this.b = b;
    this.rate = rate;
  }

  /** The frame on screen (the leading clip's). */
  get frame(): number {
    return frameAt(this.a.currentTime, this.rate);
  }

  /** The last frame both clips have: the shorter one ends the comparison. */
  get lastFrame(): number {
    const ends = [this.a.duration, this.b.duration].filter((d) => Number.isFinite(d) && d > 0);
    if (ends.length === 0) return 0;
    return Math.max(0, Math.ceil(Math.min(...ends) * this.rate.num / this.rate.den - 1e-6) - 1);
  }

  get playing(): boolean {
    return !this.a.paused || !this.b.paused;
  }

  /** Starts both from the same frame. A play cut short (a pause came first) is not an error. */
  async play(): Promise<void> {
    this.b.currentTime = this.a.currentTime;
    await Promise.all([quietly(this.a.play()), quietly(this.b.play())]);
  }

  /** Stops both on the leading clip's frame. */
  pause(): void {
    this.a.pause();
    this.b.pause();
    this.seekFrame(this.frame);
  }

  toggle(): Promise<void> {
    if (this.playing) {
      this.pause();
      return Promise.resolve();
    }
    return this.play();
  }

  /** Both to the middle of `frame` (kept between the first and the last frame both have). */
  seekFrame(frame: number): void {
    const last = this.lastFrame;
    const to = timeOf(Math.min(Math.max(0, Math.round(frame)), last > 0 ? last : Number.MAX_SAFE_INTEGER), this.rate);
    this.a.currentTime = to;
    this.b.currentTime = to;
  }

  /** Both to the frame shown at `seconds`. */
  seek(seconds: number): void {
    this.seekFrame(frameAt(seconds, this.rate));
  }

  /** Pauses, then moves both `frames` frames (negative: back). */
  step(frames: number): void {
    const from = this.frame;
    this.a.pause();
    this.b.pause();
    this.seekFrame(from + frames);
  }

  /**
   * While playing, brings `b` back to `a` when they are more than half a frame apart; call it
   * on the leading clip's `timeupdate`. Whether it had to.
   */
  follow(): boolean {
    const apart = Math.abs(this.a.currentTime - this.b.currentTime);
    if (apart * this.rate.num / this.rate.den <= 0.5) return false;
    this.b.currentTime = this.a.currentTime;
    return true;
  }
}

async function quietly(started: Promise<void> | void): Promise<void> {
  try {
    await started;
  } catch (reason) {
    if (!(reason instanceof DOMException && reason.name === 'AbortError')) throw reason;
  }
}
