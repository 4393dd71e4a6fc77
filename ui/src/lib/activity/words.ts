import type { Activity } from '../api-types';
import { statusLabel } from '../approval/status';

/** Who did it, as people read it: a guest is marked, a deleted account says so. */
export function actorName(entry: Activity): string {
  if (!entry.actor) return 'A former member';
  return entry.actor.guest ? `${entry.actor.name} (guest)` : entry.actor.name;
}

/** What happened, after the actor's name: "added v3 of", "set v2 to Approved on"… */
export function whatHappened(entry: Activity): string {
  switch (entry.kind) {
    case 'upload':
      return 'uploaded';
    case 'new_version':
      return `added v${entry.version} of`;
    case 'comment':
      return `commented on v${entry.version} of`;
    case 'reply':
      return `replied on v${entry.version} of`;
    case 'status_change':
      return `set v${entry.version} to ${statusLabel(entry.status ?? 'none')} on`;
  }
}
