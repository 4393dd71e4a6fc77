/**
 * Hands `url` (on this server; the session cookie goes with it) to the browser's own downloads,
 * saved as `name` when given. The one way the browser app downloads: a file, a folder's ZIP.
 */
export function saveToDownloads(url: string, name?: string): void {
  const link = document.createElement('a');
  link.href = url;
  if (name !== undefined) link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
