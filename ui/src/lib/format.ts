/** Numbers, sizes and dates as people read them in a media tool. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** "1.4 GB": decimal units, as file managers show sizes; `null` for an unknown size. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

/**
 * "12.3 MB": three significant figures, for progress that should be seen to move; `null` for an
 * unknown size.
 */
export function formatBytesPrecise(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1000) return formatBytes(bytes);
  let value = bytes;
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${UNITS[unit]}`;
}

/** "24 MB/s"; '' when nothing moves. */
export function formatRate(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '';
}

/** "45 s left", "12 min left", "1 h 5 min left"; '' when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole} s left`;
  const minutes = Math.round(whole / 60);
  if (minutes < 60) return `${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h left` : `${h} h ${m} min left`;
}

/** A date and time in the person's locale; '' for something that is not a date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

/** "1:02:03" or "2:03.5" for a duration in seconds. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  const ss = s.toFixed(s % 1 === 0 ? 0 : 1).padStart(s < 10 ? (s % 1 === 0 ? 2 : 4) : 0, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** What kind of thing a file is, from its MIME type: how the review screen shows it. */
export type MediaKind = 'video' | 'audio' | 'image' | 'other';

export function mediaKind(contentType: string): MediaKind {
  const major = contentType.split('/')[0];
  return major === 'video' || major === 'audio' || major === 'image' ? major : 'other';
}
