/**
 * Vitest's global setup: starts one real `rushes-server` for the UI's behaviour tests, on a free
 * loopback port with a fresh data directory, and stops it afterwards. Tests reach it over HTTP
 * through the UI's HTTP backend, each as a fresh account of its own (see `server.ts`), so they
 * see only what they made and run side by side.
 *
 * The binary is `RUSHES_SERVER_BIN` when set (the test script builds it with the Rust tests);
 * otherwise it is built here with cargo, so `npx vitest` works on its own.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';

import type { CreatedOAuthApp } from '../lib/api-types';
import { ADMIN_EMAIL, type TestServer } from './server-info';

declare module 'vitest' {
  export interface ProvidedContext {
    rushesServer: TestServer;
  }
}

const REPO = resolve(import.meta.dirname, '../../..');
/** Long enough for a cold debug build to open its database; a healthy start takes well under a second. */
const START_TIMEOUT_MS = 60_000;

let child: ChildProcess | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bin = process.env.RUSHES_SERVER_BIN || buildServer();
  dataDir = mkdtempSync(join(tmpdir(), 'rushes-ui-tests-'));
  const password = `ui-tests-${crypto.randomUUID()}`;
  child = spawn(bin, ['--data-dir', dataDir, '--bind', '127.0.0.1:0'], {
    env: { ...process.env, RUSHES_ADMIN_EMAIL: ADMIN_EMAIL, RUSHES_ADMIN_PASSWORD: password, RUST_LOG: 'warn,rushes_server::server=info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await listening(child);
  const adminKey = execFileSync(bin, ['api-key', 'create', '--data-dir', dataDir, '--user', ADMIN_EMAIL, '--name', 'ui tests'], {
    encoding: 'utf8',
    env: { ...process.env, RUST_LOG: 'warn' },
  }).trim();
  const admin = await exchange(url, adminKey);
  const app = await registerApp(url, admin);
  project.provide('rushesServer', {
    url,
    adminToken: admin,
    clientId: app.client_id,
    clientSecret: app.client_secret ?? '',
  });
  return stop;
}

async function stop(): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child?.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** Builds the server with cargo and returns the path of its binary. */
function buildServer(): string {
  let out: string;
  try {
    out = execFileSync(
      'cargo',
      ['build', '--locked', '-p', 'rushes-server', '--bin', 'rushes-server', '--message-format=json-render-diagnostics'],
      { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 },
    );
  } catch {
    // cargo printed why on stderr; its JSON on stdout would only bury that.
    throw new Error('building rushes-server failed (see cargo above), or set RUSHES_SERVER_BIN');
  }
  for (const line of out.split('\n').reverse()) {
    if (!line.includes('"executable"')) continue;
    const message = JSON.parse(line) as { target?: { name?: string }; executable?: string | null };
    if (message.target?.name === 'rushes-server' && message.executable) return message.executable;
  }
  throw new Error('cargo built no rushes-server binary');
}

/** Resolves to the server's URL once it logs `listening on http://ADDR`. */
function listening(server: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => fail(new Error('rushes-server did not start in time')), START_TIMEOUT_MS);
    const fail = (e: Error) => {
      clearTimeout(timer);
      server.kill('SIGKILL');
      reject(new Error(`${e.message}\n${seen.join('\n')}`));
    };
    for (const stream of [server.stdout, server.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        if (seen.length < 200) seen.push(line);
        const found = /listening on (http:\/\/[^\s"]+)/.exec(line);
        if (found?.[1]) {
          clearTimeout(timer);
          resolveUrl(found[1].endsWith('/') ? found[1] : `${found[1]}/`);
        }
      });
    }
    server.once('exit', (code) => fail(new Error(`rushes-server exited with ${code}`)));
    server.once('error', fail);
  });
}

/** An access token for an API key (`POST /auth/api-key`). */
export async function exchange(url: string, apiKey: string): Promise<string> {
  const response = await fetch(new URL('auth/api-key', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey }),
  });
  if (!response.ok) throw new Error(`/auth/api-key answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A confidential OAuth app the tests' accounts sign in through (client credentials). */
async function registerApp(url: string, token: string): Promise<CreatedOAuthApp> {
  const response = await fetch(new URL('api/oauth-apps', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: 'UI tests', redirect_uris: ['http://127.0.0.1/callback'], public: false }),
  });
  if (!response.ok) throw new Error(`creating the tests' OAuth app answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: CreatedOAuthApp }).data;
}
