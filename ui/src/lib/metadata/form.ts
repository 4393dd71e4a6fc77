import type { MetadataPatch } from '../backend';

/** The slate fields every clip has a place for, in the order a slate reads. */
export const SLATE_KEYS = ['reel', 'scene', 'shot', 'take'] as const;
export type SlateKey = (typeof SLATE_KEYS)[number];

/** The names the server keeps for technical fields (`RESERVED_KEYS` in Rust). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'size',
  'sha256',
  'duration',
  'framerate',
  'fps',
  'frames',
  'width',
  'height',
  'codec',
  'video_codec',
  'audio_codec',
  'start_timecode',
  'start_seconds',
  'sample_rate',
  'audio_channels',
]);

/** The longest key the server accepts, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 128;

/** One custom field as edited: `id` keeps the row stable while its key is renamed. */
export interface Field {
  id: number;
  key: string;
  value: string;
}

/** The metadata form: the slate and the other custom fields. */
export interface MetadataForm {
  slate: Record<SlateKey, string>;
  fields: Field[];
}

let nextId = 1;

/** A new, empty custom field row. */
export function newField(): Field {
  return { id: nextId++, key: '', value: '' };
}

/**
 * The form for the stored custom pairs: slate keys in their boxes, the rest as rows. The server
 * answers with keys sorted; rows already in `previous` keep its order (the order they were
 * added in), new ones follow.
 */
export function toForm(custom: Readonly<Record<string, string | undefined>>, previous?: MetadataForm): MetadataForm {
  const slate = { reel: '', scene: '', shot: '', take: '' };
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(custom)) {
    if (value === undefined) continue;
    if ((SLATE_KEYS as readonly string[]).includes(key)) slate[key as SlateKey] = value;
    else fields.push({ id: nextId++, key, value });
  }
  const order = new Map((previous?.fields ?? []).map((f, i) => [f.key.trim(), i]));
  const place = (f: Field) => order.get(f.key) ?? order.size;
  fields.sort((a, b) => place(a) - place(b));
  return { slate, fields };
}

/** The pairs the form describes (empty slate boxes and blank rows left out). */
export function toPairs(form: MetadataForm): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const key of SLATE_KEYS) {
    if (form.slate[key].trim() !== '') pairs.set(key, form.slate[key].trim());
  }
  for (const field of form.fields) {
    if (field.key.trim() !== '' || field.value.trim() !== '') pairs.set(field.key.trim(), field.value);
  }
  return pairs;
}

/** Why each row cannot be saved, by row id ('' when fine); empty when the form can be saved. */
export function fieldProblems(form: MetadataForm): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Set<string>(SLATE_KEYS.filter((k) => form.slate[k].trim() !== ''));
  const encoder = new TextEncoder();
  for (const field of form.fields) {
    const key = field.key.trim();
    if (key === '' && field.value.trim() === '') continue;
    let problem: string | null = null;
    if (key === '') problem = 'Give the field a name.';
    else if (RESERVED_KEYS.has(key.toLowerCase())) problem = `“${key}” is a technical field: choose another name.`;
    else if ((SLATE_KEYS as readonly string[]).includes(key.toLowerCase())) problem = `Use the ${key.toLowerCase()} box of the slate.`;
    else if (encoder.encode(key).length > MAX_KEY_BYTES) problem = 'That name is too long.';
    else if (/\p{Cc}/u.test(key)) problem = 'Names can’t contain control characters.';
    else if (seen.has(key)) problem = `There is already a field called “${key}”.`;
    if (problem) problems.set(field.id, problem);
    seen.add(key);
  }
  return problems;
}

/**
 * The merge patch that turns `before` into what the form says: changed and new keys set,
 * removed (or renamed-away) keys `null`. Empty when nothing changed.
 */
export function patchFor(before: Readonly<Record<string, string | undefined>>, form: MetadataForm): MetadataPatch {
  const after = toPairs(form);
  const patch: MetadataPatch = {};
  for (const key of Object.keys(before)) if (!after.has(key)) patch[key] = null;
  for (const [key, value] of after) if (before[key] !== value) patch[key] = value;
  return patch;
}
