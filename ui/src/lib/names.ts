import { MAX_DESCRIPTION_BYTES, MAX_NAME_BYTES } from './api-types';

// The server's limits, generated from the Rust side.
export { MAX_DESCRIPTION_BYTES, MAX_NAME_BYTES };

const encoder = new TextEncoder();
const bytes = (value: string) => encoder.encode(value).length;

/**
 * Why the server would refuse `name` for a project or folder, in plain words, or `null` when it
 * is acceptable. Mirrors the server's rules (crates/server/src/validate.rs): not blank, at most
 * 255 bytes, no control characters or bidi overrides, no "/", and not "." or "..". Uniqueness
 * needs the siblings, so it is the backend's job.
 */
export function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'Enter a name.';
  if (bytes(name) > MAX_NAME_BYTES) {
    return `That name is too long: keep it under ${MAX_NAME_BYTES} bytes.`;
  }
  if (/\p{Cc}/u.test(name)) return 'Names can’t contain control characters such as tabs or line breaks.';
  if (/[\u202A-\u202E\u2066-\u2069]/u.test(name)) {
    return 'Names can’t contain text direction controls (U+202A to U+202E, U+2066 to U+2069).';
  }
  if (name.includes('/')) return 'Names can’t contain “/”.';
  if (name === '.' || name === '..') return '“.” and “..” are reserved: choose another name.';
  return null;
}

/** Why the server would refuse a project description, in plain words, or `null`. */
export function descriptionProblem(description: string): string | null {
  if (bytes(description) > MAX_DESCRIPTION_BYTES) {
    return `That description is too long: keep it under ${MAX_DESCRIPTION_BYTES} bytes.`;
  }
  if (description.includes('\0')) return 'Descriptions can’t contain NUL characters.';
  return null;
}
