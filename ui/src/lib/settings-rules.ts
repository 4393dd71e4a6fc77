import { DEFAULT_SETTINGS, MAX_CONCURRENCY, MIN_BANDWIDTH_LIMIT, type Settings } from './api-types';

// Generated from the Rust side, which checks the same rules.
export { DEFAULT_SETTINGS, MAX_CONCURRENCY, MIN_BANDWIDTH_LIMIT };

/** A problem with one field of the settings. */
export interface SettingsProblem {
  field: keyof Settings;
  message: string;
}

/**
 * What the app would refuse in `settings`, in the same words and order as `Settings::problems`
 * in Rust, so the form can say so before saving. The Rust side checks again.
 */
export function checkSettings(settings: Settings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const { concurrency, bandwidth_limit: limit, download_dir: dir } = settings;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    problems.push({ field: 'concurrency', message: `choose between 1 and ${MAX_CONCURRENCY} transfers at once` });
  }
  if (limit !== null && (!Number.isFinite(limit) || limit < MIN_BANDWIDTH_LIMIT)) {
    problems.push({
      field: 'bandwidth_limit',
      message: 'a limit below 16 KiB/s would make transfers time out; leave it empty for no limit',
    });
  }
  if (dir !== null) {
    if (dir.trim() === '') {
      problems.push({ field: 'download_dir', message: 'choose a folder, or leave it empty for Downloads' });
    } else if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(dir)) {
      problems.push({ field: 'download_dir', message: 'use a full path to a folder' });
    }
  }
  return problems;
}
