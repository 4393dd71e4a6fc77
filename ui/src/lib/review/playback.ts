import type { File, Rendition, RenditionKind } from '../api-types';

/**
 * What the player plays for a file, from its renditions:
 *
 * - `original`: the file's own bytes (it plays in browsers, or nothing was made for it);
 * - `proxy`: the proxy the server made because the original does not play in browsers;
 * - `preparing`: the server is still finding out or making the proxy (`percent` of `step`);
 * - `failed`: the proxy (or the probe) failed; `message` has ffmpeg's words;
 * - `no_tools`: the server has no ffmpeg, so nothing is made: the original plays if it can.
 */
export type Playback =
  | { readonly kind: 'original' }
  | { readonly kind: 'proxy' }
  | { readonly kind: 'preparing'; readonly rendition: 'probe' | 'proxy'; readonly queued: boolean; readonly percent: number }
  | { readonly kind: 'failed'; readonly rendition: RenditionKind; readonly message: string }
  | { readonly kind: 'no_tools' };

/** How often a file whose media jobs are under way is asked for again. */
export const WATCH_MS = 2000;

export function rendition(file: File, kind: RenditionKind): Rendition | undefined {
  return file.renditions.find((r) => r.kind === kind);
}

const busy = (r: Rendition) => r.state === 'queued' || r.state === 'running';

export function playbackOf(file: File): Playback {
  const proxy = rendition(file, 'proxy');
  if (proxy) {
    if (proxy.state === 'ready') return { kind: 'proxy' };
    if (proxy.state === 'failed') return { kind: 'failed', rendition: 'proxy', message: failure(proxy) };
    return { kind: 'preparing', rendition: 'proxy', queued: proxy.state === 'queued', percent: proxy.percent };
  }
  const probe = rendition(file, 'probe');
  // Until the probe has looked at the file nobody knows whether a proxy is needed.
  if (probe && busy(probe) && /^(video|audio)\//.test(file.content_type)) {
    return { kind: 'preparing', rendition: 'probe', queued: probe.state === 'queued', percent: probe.percent };
  }
  if (probe?.state === 'failed' && probe.error_code === 'no_tools') return { kind: 'no_tools' };
  // Ready with no proxy, not media, or made before the server prepared files: as it is.
  return { kind: 'original' };
}

/** Whether any media job of the file is still to finish (worth asking the server again). */
export function working(file: File): boolean {
  return file.renditions.some(busy);
}

/** A failed job's reason in words. */
function failure(r: Rendition): string {
  if (r.error_code === 'timed_out') return r.error ? `It took too long (${r.error}).` : 'It took too long.';
  if (r.error_code === 'no_tools') return 'The server has no ffmpeg.';
  return r.error?.trim() || 'ffmpeg gave no reason.';
}

/** "Preparing for review — 42%", or "Waiting to be prepared" while queued. */
export function preparingLabel(p: { queued: boolean; percent: number }): string {
  return p.queued ? 'Waiting to be prepared' : `Preparing for review — ${Math.round(p.percent)}%`;
}
