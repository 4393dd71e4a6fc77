/**
 * Drawn annotations, as pure geometry: where a pointer is on the picture (in the picture's own
 * 0..1 coordinates, whatever its letterboxing), how a pen stroke is thinned to stay within the
 * server's limits, where an arrow's head goes, and which comments' drawings belong on a frame.
 *
 * Coordinates are normalised to the picture — x from 0 (left) to 1 (right), y from 0 (top) to
 * 1 (bottom) — and stroke widths are a fraction of its height, so a drawing lines up on the
 * original, its proxy, a small player and full screen alike (see `rushes_api::annotations`).
 */
import type { Comment, Drawing, DrawTool, Shape } from '../api-types';

/** Most shapes in one drawing (the server's `MAX_SHAPES`). */
export const MAX_SHAPES = 64;
/** Most points over all shapes of one drawing (the server's `MAX_POINTS`). */
export const MAX_POINTS = 4096;
/** Thinnest and thickest stroke, as a fraction of the picture's height. */
export const MIN_WIDTH = 0.001;
export const MAX_WIDTH = 0.05;
/** The stroke a new shape gets: about 4 px on a 1080-line picture. */
export const DEFAULT_WIDTH = 0.004;

/** The tools, in the order the toolbar shows them. */
export const TOOLS: readonly DrawTool[] = ['pen', 'line', 'arrow', 'rectangle', 'ellipse'];

/** The colours offered: red, yellow, green, blue, white. */
export const COLOURS: readonly string[] = ['#ff3b30', '#ffcc00', '#34c759', '#0a84ff', '#ffffff'];

/** A point in the picture's coordinates, each from 0 to 1. */
export type Point = [number, number];

/** A width and a height, in CSS pixels. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A rectangle, in CSS pixels. */
export interface Rect extends Size {
  readonly x: number;
  readonly y: number;
}

/**
 * Where the picture is inside a `box` that shows it whole (`object-fit: contain`): centred,
 * as large as fits, bars left and right or above and below. `media` is the picture's own size;
 * unknown (0), the picture is taken to fill the box.
 */
export function pictureRect(box: Size, media: Size): Rect {
  if (!(media.width > 0 && media.height > 0 && box.width > 0 && box.height > 0)) {
    return { x: 0, y: 0, width: Math.max(0, box.width), height: Math.max(0, box.height) };
  }
  const scale = Math.min(box.width / media.width, box.height / media.height);
  const width = media.width * scale;
  const height = media.height * scale;
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
}

/**
 * The point of the picture under a pointer at (`x`, `y`) pixels from the box's top-left corner,
 * clamped to the picture's edges (a stroke that runs into the bars stays on the picture).
 * Rounded to 1/10000, a fraction of a pixel even on 8K, to keep drawings small.
 */
export function normalise(x: number, y: number, box: Size, media: Size): Point {
  const picture = pictureRect(box, media);
  if (picture.width <= 0 || picture.height <= 0) return [0, 0];
  return [round(clamp((x - picture.x) / picture.width)), round(clamp((y - picture.y) / picture.height))];
}

function clamp(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

/** How many points `drawing`'s shapes use together. */
export function pointCount(shapes: readonly Shape[]): number {
  return shapes.reduce((sum, shape) => sum + shape.points.length, 0);
}

/**
 * A pen stroke with at most `max` points (at least 2), keeping its shape: the points that stray
 * least from the line through their neighbours go first. Each point's importance is how far it
 * stood from the line when Ramer–Douglas–Peucker picked it; the ends always stay. A stroke
 * already within `max` comes back as it is.
 */
export function simplify(points: readonly Point[], max: number): Point[] {
  const limit = Math.max(2, Math.floor(max));
  if (points.length <= limit) return [...points];
  const weight = importance(points);
  const keep = weight
    .map((w, i) => [w, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, limit)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
  return keep.map((i) => points[i] as Point);
}

/** How far each point stood from the simplified line when it was picked (the ends: infinity). */
function importance(points: readonly Point[]): number[] {
  const weight = new Array<number>(points.length).fill(0);
  weight[0] = Infinity;
  weight[points.length - 1] = Infinity;
  const stack: [number, number, number][] = [[0, points.length - 1, Infinity]];
  while (stack.length > 0) {
    const [first, last, parent] = stack.pop() as [number, number, number];
    let farthest = -1;
    let distance = -1;
    for (let i = first + 1; i < last; i++) {
      const d = distanceToSegment(points[i] as Point, points[first] as Point, points[last] as Point);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest === -1) continue;
    // A point is never worth more than the one whose pick made its segment.
    const w = Math.min(distance, parent);
    weight[farthest] = w;
    stack.push([first, farthest, w], [farthest, last, w]);
  }
  return weight;
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * The two outer corners of an arrowhead at `to` on a line from `from`, in pixels: the head is
 * `size` long and opens 30° each side. A zero-length arrow has no direction: it points right.
 */
export function arrowHead(from: readonly [number, number], to: readonly [number, number], size: number): [[number, number], [number, number]] {
  const angle = from[0] === to[0] && from[1] === to[1] ? 0 : Math.atan2(to[1] - from[1], to[0] - from[0]);
  const spread = Math.PI / 6;
  const corner = (side: number): [number, number] => [
    to[0] - size * Math.cos(angle + side * spread),
    to[1] - size * Math.sin(angle + side * spread),
  ];
  return [corner(1), corner(-1)];
}

/**
 * The drawings to show on `frame`: those of comments at exactly that frame, and of range
 * comments whose range holds it. Whole-file comments have none.
 */
export function drawingsAt(comments: readonly Comment[], frame: number): Drawing[] {
  const shown: Drawing[] = [];
  for (const c of comments) {
    if (!c.drawing || c.frame === null) continue;
    const last = c.frame_out ?? c.frame;
    if (frame >= c.frame && frame <= last) shown.push(c.drawing);
  }
  return shown;
}
