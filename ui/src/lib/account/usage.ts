import type { StorageUsage } from '../api-types';
import { formatBytesPrecise } from '../format';

/**
 * Storage in words: "12.3 GB of 100 GB used", or "12.3 GB used" when the server sets no limit.
 * Three significant figures, so a nearly full quota is seen to move.
 */
export function usageWords(usage: StorageUsage): string {
  const used = formatBytesPrecise(usage.used_bytes);
  return usage.limit_bytes === null ? `${used} used` : `${used} of ${formatBytesPrecise(usage.limit_bytes)} used`;
}

/** The share of the quota used, 0 to 1; `null` without a limit. */
export function usageShare(usage: StorageUsage): number | null {
  if (usage.limit_bytes === null) return null;
  if (usage.limit_bytes <= 0) return 1;
  return Math.min(1, usage.used_bytes / usage.limit_bytes);
}
