import type { ApprovalStatus, CommentAuthor } from '../api-types';
import { formatDate } from '../format';

/** Every status, in the order a review moves through them (as the server lists them). */
export const STATUSES: readonly ApprovalStatus[] = ['none', 'needs_review', 'in_progress', 'changes_requested', 'approved'];

/** How people read a status (the server's `ApprovalStatus::label`). */
export function statusLabel(status: ApprovalStatus): string {
  switch (status) {
    case 'none':
      return 'No status';
    case 'needs_review':
      return 'Needs review';
    case 'in_progress':
      return 'In progress';
    case 'changes_requested':
      return 'Changes requested';
    case 'approved':
      return 'Approved';
  }
}

/** "Set by Ana Lima, 7 Dec 2026, 12:30"; `null` while nothing was set. */
export function setByLine(by: CommentAuthor | null, at: string | null): string | null {
  if (at === null) return null;
  const who = by ? `${by.name}${by.guest ? ' (guest)' : ''}` : 'someone no longer here';
  return `Set by ${who}, ${formatDate(at)}`;
}
