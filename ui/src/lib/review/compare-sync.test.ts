import { describe, expect, it } from 'vitest';

import { CompareSync, type Clip } from './compare-sync';

/** A clip that keeps what it is told, like a paused `<video>` with its metadata loaded. */
class FakeClip implements Clip {
  currentTime = 0;
  paused = true;
  plays = 0;
  constructor(readonly duration: number, readonly refuse?: DOMException) {}
  play(): Promise<void> {
    this.plays++;
    if (this.refuse) return Promise.reject(this.refuse);
    this.paused = false;
    return Promise.resolve();
  }
  pause(): void {
    this.paused = true;
  }
}

const PAL = { num: 25, den: 1 };

function pair(durationA = 10, durationB = 10) {
  const a = new FakeClip(durationA);
  const b = new FakeClip(durationB);
  return { a, b, sync: new CompareSync(a, b, PAL) };
}

describe('CompareSync', () => {
  it('seeks both to the same time, the middle of the frame', () => {
    const { a, b, sync } = pair();
    sync.seek(2.01);
    expect(a.currentTime).toBe(b.currentTime);
    expect(a.currentTime).toBeCloseTo(2.02, 6);
    expect(sync.frame).toBe(50);
  });

  it('steps both a frame at a time and pauses first', async () => {
    const { a, b, sync } = pair();
    await sync.play();
    expect(a.paused || b.paused).toBe(false);
    sync.seekFrame(10);
    sync.step(1);
    expect(a.paused && b.paused).toBe(true);
    expect(sync.frame).toBe(11);
    expect(a.currentTime).toBe(b.currentTime);
    sync.step(-3);
    expect(sync.frame).toBe(8);
    expect(b.currentTime).toBe(a.currentTime);
  });

  it('never steps before the first frame or past the shorter clip', () => {
    const { a, b, sync } = pair(10, 4);
    sync.step(-5);
    expect(sync.frame).toBe(0);
    sync.seek(9);
    expect(sync.frame).toBe(99);
    expect(sync.lastFrame).toBe(99);
    expect(b.currentTime).toBe(a.currentTime);
  });

  it('plays both from the leading frame and pauses both on one frame', async () => {
    const { a, b, sync } = pair();
    a.currentTime = 3.3;
    b.currentTime = 7;
    await sync.play();
    expect(a.plays).toBe(1);
    expect(b.plays).toBe(1);
    expect(b.currentTime).toBe(a.currentTime);
    a.currentTime = 4.013;
    b.currentTime = 4.05;
    sync.pause();
    expect(a.paused && b.paused).toBe(true);
    expect(a.currentTime).toBe(b.currentTime);
    expect(sync.frame).toBe(100);
  });

  it('toggles between playing and paused', async () => {
    const { a, b, sync } = pair();
    await sync.toggle();
    expect(sync.playing).toBe(true);
    await sync.toggle();
    expect(sync.playing).toBe(false);
    expect(a.paused && b.paused).toBe(true);
  });

  it('pulls the second clip back when it drifts more than half a frame', () => {
    const { a, b, sync } = pair();
    a.currentTime = 5;
    b.currentTime = 5.01;
    expect(sync.follow()).toBe(false);
    expect(b.currentTime).toBe(5.01);
    b.currentTime = 5.05;
    expect(sync.follow()).toBe(true);
    expect(b.currentTime).toBe(5);
  });

  it('ignores a play cut short but not other failures', async () => {
    const a = new FakeClip(10, new DOMException('interrupted', 'AbortError'));
    const b = new FakeClip(10);
    await expect(new CompareSync(a, b, PAL).play()).resolves.toBeUndefined();
    const broken = new FakeClip(10, new DOMException('no', 'NotSupportedError'));
    await expect(new CompareSync(broken, new FakeClip(10), PAL).play()).rejects.toThrow('no');
  });
});
