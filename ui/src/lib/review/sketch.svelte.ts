import type { Drawing, DrawTool, Shape } from '../api-types';
import { COLOURS, DEFAULT_WIDTH, MAX_POINTS, MAX_SHAPES, pointCount } from './drawing';

/**
 * The drawing being made for the comment being composed: the player's tools draw into it, the
 * composer shows that it is attached and sends it with the comment. One per review screen,
 * shared by the player and the comments panel. A drawing belongs to the frame it was made on.
 */
export class Sketch {
  /** The tool in hand; `null` when not drawing (the picture plays and pauses on a click). */
  tool = $state<DrawTool | null>(null);
  color = $state(COLOURS[0] ?? '#ff3b30');
  width = $state(DEFAULT_WIDTH);
  /** The shapes drawn so far, oldest first. */
  shapes = $state.raw<Shape[]>([]);
  /** The frame they were drawn on; `null` while there are none. */
  frame = $state<number | null>(null);

  /** Points still free for new shapes within the server's limit. */
  get pointsLeft(): number {
    return MAX_POINTS - pointCount(this.shapes);
  }

  /** Whether another shape fits (the server takes 64 at most). */
  get full(): boolean {
    return this.shapes.length >= MAX_SHAPES || this.pointsLeft < 2;
  }

  /** The drawing to send, or `null` when nothing was drawn. */
  get drawing(): Drawing | null {
    return this.shapes.length > 0 ? { shapes: this.shapes } : null;
  }

  /** Adds `shape`, drawn on `frame`; a drawing begun on another frame is replaced by it. */
  add(shape: Shape, frame: number): void {
    if (this.frame !== frame) this.shapes = [];
    if (this.full) return;
    this.shapes = [...this.shapes, shape];
    this.frame = frame;
  }

  /** Takes the last shape away. */
  undo(): void {
    this.shapes = this.shapes.slice(0, -1);
    if (this.shapes.length === 0) this.frame = null;
  }

  /** Forgets the drawing (it was sent, or the person threw it away) and puts the tool down. */
  clear(): void {
    this.shapes = [];
    this.frame = null;
  }
}
