import type { Comment } from '../api-types';
import { timecodeOf, type Rate } from '../timecode';

/** A comment as the timeline marks it. */
export interface Marker {
  readonly id: number;
  readonly frame: number;
  readonly frameOut: number | null;
  readonly resolved: boolean;
  /** What the marker says to assistive technology and in its tooltip. */
  readonly label: string;
}

/** The markers of the comments about frames (whole-file comments have no place on the timeline). */
export function markersOf(comments: readonly Comment[], rate: Rate, start: string | null): Marker[] {
  return comments
    .filter((c): c is Comment & { frame: number } => c.frame !== null)
    .map((c) => {
      const at = timecodeOf(c.frame, rate, start);
      const to = c.frame_out !== null ? `–${timecodeOf(c.frame_out, rate, start)}` : '';
      const who = c.author?.name ?? 'Someone';
      return {
        id: c.id,
        frame: c.frame,
        frameOut: c.frame_out,
        resolved: c.resolved,
        label: `${at}${to} ${who}: ${c.body}`,
      };
    });
}
