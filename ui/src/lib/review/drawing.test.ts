import { describe, expect, it } from 'vitest';

import type { Comment, Drawing } from '../api-types';
import { arrowHead, drawingsAt, MAX_POINTS, normalise, pictureRect, simplify, type Point } from './drawing';

describe('pictureRect', () => {
  it('letterboxes a wide picture in a tall box and pillarboxes a tall one', () => {
    expect(pictureRect({ width: 800, height: 600 }, { width: 1920, height: 1080 })).toEqual({ x: 0, y: 75, width: 800, height: 450 });
    expect(pictureRect({ width: 800, height: 450 }, { width: 1080, height: 1080 })).toEqual({ x: 175, y: 0, width: 450, height: 450 });
  });

  it('takes a picture of unknown size to fill the box', () => {
    expect(pictureRect({ width: 640, height: 360 }, { width: 0, height: 0 })).toEqual({ x: 0, y: 0, width: 640, height: 360 });
  });
});

describe('normalise', () => {
  const box = { width: 800, height: 600 };
  const media = { width: 1920, height: 1080 };

  it('measures from the picture, not the bars around it', () => {
    // The picture is 800×450 from y = 75.
    expect(normalise(0, 75, box, media)).toEqual([0, 0]);
    expect(normalise(400, 300, box, media)).toEqual([0.5, 0.5]);
    expect(normalise(800, 525, box, media)).toEqual([1, 1]);
    expect(normalise(200, 187.5, box, media)).toEqual([0.25, 0.25]);
  });

  it('clamps a pointer in the bars to the picture edge', () => {
    expect(normalise(-20, 10, box, media)).toEqual([0, 0]);
    expect(normalise(900, 590, box, media)).toEqual([1, 1]);
  });

  it('rounds to a ten-thousandth', () => {
    const [x] = normalise(1, 300, { width: 3, height: 600 }, { width: 0, height: 0 });
    expect(x).toBe(0.3333);
  });
});

describe('simplify', () => {
  it('leaves a stroke within the limit as it is', () => {
    const stroke: Point[] = [[0, 0], [0.5, 0.5], [1, 0]];
    expect(simplify(stroke, 10)).toEqual(stroke);
  });

  it('thins a long stroke under the limit, keeping its ends and its corners', () => {
    const stroke: Point[] = [];
    for (let i = 0; i <= 5000; i++) {
      const t = i / 5000;
      // Up to the middle, then down: a corner at (0.5, 1).
      stroke.push([t, t <= 0.5 ? 2 * t : 2 - 2 * t]);
    }
    const thin = simplify(stroke, 100);
    expect(thin.length).toBeLessThanOrEqual(100);
    expect(thin.length).toBeGreaterThanOrEqual(3);
    expect(thin[0]).toEqual([0, 0]);
    expect(thin.at(-1)).toEqual([1, 0]);
    expect(thin).toContainEqual([0.5, 1]);
  });

  it('never goes under two points, and fits the server limit', () => {
    const wiggle: Point[] = Array.from({ length: 600 }, (_, i) => [i / 600, i % 2 === 0 ? 0.4 : 0.6]);
    expect(simplify(wiggle, 1)).toHaveLength(2);
    expect(simplify(wiggle, 100).length).toBeLessThanOrEqual(100);
    // A long scribble (a spiral sampled finely) comes down to the drawing's limit.
    const spiral: Point[] = Array.from({ length: 20_000 }, (_, i) => {
      const t = i / 400;
      return [0.5 + (0.4 * Math.cos(t) * i) / 20_000, 0.5 + (0.4 * Math.sin(t) * i) / 20_000];
    });
    const thin = simplify(spiral, MAX_POINTS);
    expect(thin.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(thin[0]).toEqual(spiral[0]);
    expect(thin.at(-1)).toEqual(spiral.at(-1));
  });
});

describe('arrowHead', () => {
  it('opens 30 degrees each side behind the tip', () => {
    const [a, b] = arrowHead([0, 0], [100, 0], 10);
    expect(a[0]).toBeCloseTo(100 - 10 * Math.cos(Math.PI / 6));
    expect(a[1]).toBeCloseTo(-5);
    expect(b[0]).toBeCloseTo(100 - 10 * Math.cos(Math.PI / 6));
    expect(b[1]).toBeCloseTo(5);
  });

  it('follows the line it ends', () => {
    const [a, b] = arrowHead([0, 0], [0, 50], 10);
    expect(a[1]).toBeCloseTo(50 - 10 * Math.cos(Math.PI / 6));
    expect(b[1]).toBeCloseTo(50 - 10 * Math.cos(Math.PI / 6));
    expect(a[0]).toBeCloseTo(-b[0]);
  });
});

describe('drawingsAt', () => {
  const drawing = (n: number): Drawing => ({ shapes: [{ tool: 'line', color: '#ffffff', width: 0.004, points: [[0, 0], [n / 10, 1]] }] });
  const comment = (id: number, frame: number | null, frameOut: number | null, withDrawing = true): Comment => ({
    id,
    file_id: 1,
    parent_id: null,
    body: 'x',
    frame,
    frame_out: frameOut,
    resolved: false,
    drawing: withDrawing ? drawing(id) : null,
    unseen: false,
    author: null,
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
    replies: [],
  });
  const comments = [comment(1, 10, null), comment(2, 20, 30), comment(3, null, null), comment(4, 10, null, false)];

  it('shows a frame comment on its frame only', () => {
    expect(drawingsAt(comments, 10)).toEqual([drawing(1)]);
    expect(drawingsAt(comments, 11)).toEqual([]);
  });

  it('shows a range comment anywhere in its range', () => {
    expect(drawingsAt(comments, 20)).toEqual([drawing(2)]);
    expect(drawingsAt(comments, 30)).toEqual([drawing(2)]);
    expect(drawingsAt(comments, 31)).toEqual([]);
  });
});
