/**
 * The UI's behaviour tests against the real server the global setup started: a fresh account
 * per test (so each sees only what it made), a backend whose server calls go over HTTP, and
 * ways to put files on the server the way a client does (an API record filled with tus).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, vi } from 'vitest';

import type { CreatedUser, File, Metadata, User } from '../lib/api-types';
import { ServerApi } from '../lib/backend/http/request';
import { serverCalls, type ServerCalls } from '../lib/backend/http/server';
import { MemoryBackend, type MemoryOptions } from '../lib/backend/memory';
import { exchange } from './server-setup';

/** A signed-in account of the test server and its API. */
export interface Account {
  readonly user: User;
  readonly email: string;
  readonly password: string;
  /** Its access token, for requests outside the API (tus). */
  readonly token: string;
  readonly api: ServerApi;
  readonly calls: ServerCalls;
}

/** The server the global setup started. */
export function testServer() {
  return inject('rushesServer');
}

/** The server's admin, as an API (to make accounts and look at what tests did). */
export function adminApi(): ServerApi {
  const { url, adminToken } = testServer();
  return new ServerApi(url, { kind: 'bearer', accessToken: async () => adminToken });
}

/** A new account with a password, signed in through the tests' OAuth app. */
export async function freshAccount(options: { name?: string; admin?: boolean } = {}): Promise<Account> {
  const server = testServer();
  const name = options.name ?? 'Test Person';
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${crypto.randomUUID().slice(0, 8)}@ui-tests.rushes.test`;
  const password = `pw-${crypto.randomUUID()}`;
  const created = await adminApi().call<CreatedUser>('POST', 'users', {
    email,
    name,
    password,
    is_admin: options.admin ?? false,
  });
  const token = await signIn(email, password);
  const api = new ServerApi(server.url, { kind: 'bearer', accessToken: async () => token });
  return { user: created.user, email, password, token, api, calls: serverCalls(api) };
}

/**
 * The same account signed in again with an API key of its own instead of the tests' OAuth app,
 * so revoking the app's authorization leaves this sign-in working.
 */
export async function viaApiKey(account: Account): Promise<Account> {
  const key = await account.calls.createApiKey('ui tests', 'server');
  const token = await exchange(testServer().url, key.secret);
  const api = new ServerApi(testServer().url, { kind: 'bearer', accessToken: async () => token });
  return { ...account, token, api, calls: serverCalls(api) };
}

/** An access token for `email` (the client-credentials grant with `auth_string`). */
async function signIn(email: string, password: string): Promise<string> {
  const server = testServer();
  const response = await fetch(new URL('oauth/token', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
      auth_string: btoa(`${email}:${password}`),
    }).toString(),
  });
  if (!response.ok) throw new Error(`signing in ${email} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * A backend for a component or store: the server calls go to the real server as `account`
 * (a fresh one when not given); the app's own parts (connections, settings, the transfer queue)
 * stay the in-memory ones, as they are the desktop app's and not the server's.
 */
export async function serverBackend(
  account?: Account,
  options: MemoryOptions = {},
): Promise<{ backend: MemoryBackend; account: Account; settled: () => Promise<void> }> {
  const signedIn = account ?? (await freshAccount());
  const tracker = new InFlight();
  const backend = Object.assign(new MemoryBackend(options), tracker.wrap(signedIn.calls));
  return { backend, account: signedIn, settled: () => tracker.settled() };
}

/**
 * Counts the server calls under way, so a test can wait until the stores it drives have heard
 * every answer — no guessed sleeps, whatever the server's speed.
 */
class InFlight {
  #count = 0;
  #waiters: (() => void)[] = [];

  wrap<T extends object>(calls: T): T {
    const wrapped: Record<string, unknown> = {};
    for (const [name, call] of Object.entries(calls)) {
      wrapped[name] = async (...args: unknown[]) => {
        this.#count++;
        try {
          return await (call as (...a: unknown[]) => Promise<unknown>)(...args);
        } finally {
          this.#count--;
          if (this.#count === 0) for (const wake of this.#waiters.splice(0)) wake();
        }
      };
    }
    return wrapped as T;
  }

  /** Resolves once no call is under way and none started in the turns after the last one ended. */
  async settled(): Promise<void> {
    for (;;) {
      await new Promise((done) => setTimeout(done, 0));
      if (this.#count === 0) return;
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }
}

/** A file record without bytes yet (what a client makes before it uploads): one request. */
export function putRecord(
  account: Account,
  projectId: number,
  folderId: number,
  name: string,
  size: number | null = null,
  contentType: string | null = null,
): Promise<File> {
  return account.api.call<File>('POST', `projects/${projectId}/folders/${folderId}/files`, {
    name,
    size,
    content_type: contentType,
  });
}

/** Puts a file with `bytes` on the server: an API record, filled in one tus request. */
export async function putFile(
  account: Account,
  projectId: number,
  folderId: number,
  name: string,
  bytes: Uint8Array<ArrayBuffer> | string = '',
  contentType: string | null = null,
): Promise<File> {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const record = await putRecord(account, projectId, folderId, name, body.byteLength, contentType);
  const server = testServer();
  const response = await fetch(new URL('uploads', server.url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${account.token}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(body.byteLength),
      'upload-metadata': `file_id ${btoa(String(record.id))},expect_pending`,
      'content-type': 'application/offset+octet-stream',
    },
    body,
  });
  if (response.status !== 201) throw new Error(`uploading ${name} answered ${response.status}: ${await response.text()}`);
  return account.api.call<File>('GET', `projects/${projectId}/folders/${folderId}/files/${record.id}`);
}

/**
 * `base` made unique on the test server: project names are unique server-wide, and every test
 * file shares one server.
 */
export function unique(base: string): string {
  return `${base} ${crypto.randomUUID().slice(0, 8)}`;
}

/** Made clips by their ffmpeg arguments: each is encoded once per test worker. */
const clips = new Map<string, Uint8Array<ArrayBuffer>>();

/** The bytes of a file ffmpeg makes from `args` (inputs and codecs; the output is `out.EXT`). */
export function ffmpegMade(ext: string, args: string[]): Uint8Array<ArrayBuffer> {
  const key = `${ext} ${args.join(' ')}`;
  const cached = clips.get(key);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'rushes-clip-'));
  try {
    const path = join(dir, `out.${ext}`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, path]);
    const bytes = new Uint8Array(readFileSync(path));
    clips.set(key, bytes);
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A real clip on the server: an H.264 MP4 made by ffmpeg (a 160×90 test pattern with a tone),
 * uploaded, and probed by the server (resolves once its technical metadata is there).
 */
export async function putClip(
  account: Account,
  projectId: number,
  folderId: number,
  name: string,
  { seconds = 2, fps = 25 }: { seconds?: number; fps?: number } = {},
): Promise<File> {
  const bytes = ffmpegMade('mp4', [
    '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=160x90:rate=${fps}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
  ]);
  const file = await putFile(account, projectId, folderId, name, bytes, 'video/mp4');
  const ref = { projectId, folderId, fileId: file.id };
  await vi.waitFor(
    async () => {
      const metadata: Metadata = await account.calls.fileMetadata(ref, 'server');
      // Every technical field is null until the probe has run.
      if (metadata.technical?.duration == null) throw new Error(`${name} is not probed yet`);
    },
    { timeout: 30_000, interval: 100 },
  );
  return account.calls.getFile(ref, 'server');
}

/**
 * How long a test that waits for the server's media jobs (probe, proxy, waveform) may take:
 * they queue behind every other test's on a shared server.
 */
export const MEDIA_TIMEOUT = 180_000;

/** File `ref` as the server shows it once `done` holds for it (polled; fails after 60 s). */
export async function fileWhen(
  account: Account,
  ref: { projectId: number; folderId: number; fileId: number },
  what: string,
  done: (file: File) => boolean,
): Promise<File> {
  let last: File | null = null;
  await vi.waitFor(
    async () => {
      last = await account.calls.getFile(ref, 'server');
      if (!done(last)) throw new Error(`${last.name} is not ${what} yet: ${JSON.stringify(last.renditions)}`);
    },
    { timeout: 60_000, interval: 100 },
  );
  return last as unknown as File;
}

/** Whether `file`'s rendition of `kind` is ready. */
export function renditionReady(file: File, kind: 'probe' | 'proxy' | 'waveform'): boolean {
  return file.renditions.some((r) => r.kind === kind && r.state === 'ready');
}

/**
 * A camera original browsers do not play: a ProRes 422 MOV made by ffmpeg (`size` test
 * pattern at `fps`, with a tone and a start timecode), uploaded. By default resolves once the
 * server has made its proxy and its waveform; with `waitFor: 'upload'` as soon as the bytes are
 * in (all of that still to come).
 */
export async function putProRes(
  account: Account,
  projectId: number,
  folderId: number,
  name: string,
  {
    seconds = 2,
    fps = 25,
    size = '320x180',
    waitFor = 'proxy',
  }: { seconds?: number; fps?: number; size?: string; waitFor?: 'proxy' | 'upload' } = {},
): Promise<File> {
  const bytes = ffmpegMade('mov', [
    '-f', 'lavfi', '-i', `testsrc2=duration=${seconds}:size=${size}:rate=${fps}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=48000`,
    '-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le', '-c:a', 'pcm_s16le',
    '-timecode', '01:00:00:00', '-shortest',
  ]);
  const file = await putFile(account, projectId, folderId, name, bytes, 'video/quicktime');
  if (waitFor === 'upload') return file;
  return fileWhen(
    account,
    { projectId, folderId, fileId: file.id },
    'proxied',
    (f) => renditionReady(f, 'proxy') && renditionReady(f, 'waveform'),
  );
}

/** A WAV of a tone made by ffmpeg, uploaded; resolves once the server has drawn its waveform. */
export async function putWav(account: Account, projectId: number, folderId: number, name: string, seconds = 2): Promise<File> {
  const bytes = ffmpegMade('wav', ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=48000`, '-c:a', 'pcm_s16le']);
  const file = await putFile(account, projectId, folderId, name, bytes, 'audio/wav');
  return fileWhen(account, { projectId, folderId, fileId: file.id }, 'drawn', (f) => renditionReady(f, 'waveform'));
}

/**
 * The next version of `file`'s entry with `bytes`, as a client adds one: the pending version's
 * record (`POST …/versions`), filled in one tus request. Resolves to the version as the server
 * shows it once complete.
 */
export async function putVersion(
  account: Account,
  file: File,
  bytes: Uint8Array<ArrayBuffer> | string = '',
  contentType: string | null = null,
): Promise<File> {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const at = { projectId: file.project_id, folderId: file.folder_id, fileId: file.id };
  const record = await account.calls.createVersion(at, { size: body.byteLength, content_type: contentType }, 'server');
  const response = await fetch(new URL('uploads', testServer().url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${account.token}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(body.byteLength),
      'upload-metadata': `file_id ${btoa(String(record.id))},expect_pending`,
      'content-type': 'application/offset+octet-stream',
    },
    body,
  });
  if (response.status !== 201) throw new Error(`uploading v${record.version} of ${file.name} answered ${response.status}: ${await response.text()}`);
  return account.calls.getFile({ ...at, fileId: record.id }, 'server');
}
