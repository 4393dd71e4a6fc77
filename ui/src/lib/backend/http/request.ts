import { APP_ERROR_CODES, MAX_PER_PAGE, type Envelope, type ErrorEnvelope, type Page } from '../../api-types';
import { BackendError } from '../errors';

/**
 * How requests prove who is asking.
 *
 * - `session`: the browser app. The server's sign-in page set an HttpOnly session cookie the
 *   browser sends by itself; no token is ever in JavaScript. Requests that change something carry
 *   the session's CSRF token in a header, which a page of another origin cannot read or send.
 * - `bearer`: an access token, for code that is not a page of the server (the UI's tests against
 *   a real server, scripts). The token comes from a function so it can be renewed.
 */
export type Credentials =
  | { readonly kind: 'session'; csrfToken(): string | null }
  | { readonly kind: 'bearer'; accessToken(): Promise<string> };

/** A query string's pairs; `undefined` values are left out. */
export type QueryPairs = Record<string, string | number | boolean | undefined>;

/** Methods that change something: the ones that must carry the CSRF token. */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A guard against a server that never stops paging: 2,000 pages of 500 is a million items. */
const MAX_PAGES = 2_000;

/**
 * The request pipeline of the UI's HTTP backend: one place that builds URLs under `/api/`,
 * attaches the credentials, and turns every answer into a value or a `BackendError` with the
 * same codes the app's Rust client gives (`APP_ERROR_CODES`, generated from Rust).
 */
export class ServerApi {
  readonly #base: URL;
  readonly #credentials: Credentials;

  /** `base` is the server's root URL (e.g. `http://127.0.0.1:8420/`, or the page's origin). */
  constructor(base: string | URL, credentials: Credentials) {
    this.#base = new URL(base);
    this.#credentials = credentials;
  }

  /** The server's root URL. */
  get base(): URL {
    return new URL(this.#base);
  }

  /** `path` under `/api/` as an absolute URL, with `query`. */
  url(path: string, query: QueryPairs = {}): URL {
    const url = new URL(`api/${path}`, this.#base);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** Sends a request and decodes the envelope's `data`. */
  async call<T>(method: string, path: string, body?: unknown, query?: QueryPairs): Promise<T> {
    const response = await this.send(method, this.url(path, query), body);
    const envelope = await decode<Envelope<T>>(response);
    return envelope.data;
  }

  /** Like `call` for answers without a body (`204 No Content`). */
  async callEmpty(method: string, path: string, body?: unknown): Promise<void> {
    const response = await this.send(method, this.url(path), body);
    if (!response.ok) await decode(response);
  }

  /** One page of a list endpoint, with the total from its `Total` header. */
  async page<T>(path: string, query: QueryPairs, page: number, perPage: number): Promise<Page<T>> {
    const response = await this.send('GET', this.url(path, { ...query, page, per_page: perPage }));
    const { data } = await decode<Envelope<T[]>>(response);
    const total = Number(response.headers.get('total'));
    if (response.headers.get('total') === null || !Number.isSafeInteger(total)) {
      throw new BackendError('internal', `The server sent a list of ${path} without its Total.`);
    }
    return { items: data, total, page, per_page: perPage };
  }

  /** Every item of a list endpoint, a page of the largest size at a time. */
  async all<T>(path: string, query: QueryPairs = {}): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const batch = await this.call<T[]>('GET', path, undefined, { ...query, page, per_page: MAX_PER_PAGE });
      out.push(...batch);
      if (batch.length < MAX_PER_PAGE) return out;
    }
    throw new BackendError('internal', `The list of ${path} did not end after ${MAX_PAGES} pages.`);
  }

  /**
   * The URL that serves an endpoint's signed redirect (a file's bytes or poster). With a bearer
   * token the redirect is read here, since a `<video>` cannot send the token; the signed URL it
   * names carries its own short-lived credential. A page signed in with its session cookie uses
   * the endpoint itself: the browser sends the cookie and follows the redirect.
   */
  async signedUrl(path: string): Promise<string> {
    const url = this.url(path);
    if (this.#credentials.kind === 'session') return url.toString();
    const response = await this.send('GET', url, undefined, 'manual');
    const location = response.headers.get('location');
    if (response.status !== 302 || location === null) {
      if (!response.ok) await decode(response);
      throw new BackendError('internal', `The server did not redirect ${path} to the file.`);
    }
    return new URL(location, this.#base).toString();
  }

  /**
   * The JSON an endpoint's signed redirect leads to (a waveform). The signed URL is its own
   * credential; a page signed in with its cookie lets the browser follow the redirect.
   */
  async signedJson<T>(path: string): Promise<T> {
    const url = new URL(await this.signedUrl(path));
    if (url.origin !== this.#base.origin) {
      throw new BackendError('invalid', `${url.toString()} is not on this server.`);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        credentials: this.#credentials.kind === 'session' ? 'same-origin' : 'omit',
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new BackendError('offline', `Could not reach the server: ${why}`);
    }
    return decode<T>(response);
  }

  /** Sends one request with the credentials; a network failure rejects `offline`. */
  async send(method: string, url: URL, body?: unknown, redirect: RequestRedirect = 'follow'): Promise<Response> {
    if (url.origin !== this.#base.origin) {
      // Credentials only ever go to the server they belong to.
      throw new BackendError('invalid', `${url.toString()} is not on this server.`);
    }
    const headers = new Headers({ accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (this.#credentials.kind === 'bearer') {
      headers.set('authorization', `Bearer ${await this.#credentials.accessToken()}`);
    } else if (UNSAFE.has(method)) {
      const csrf = this.#credentials.csrfToken();
      if (csrf !== null) headers.set('x-csrf-token', csrf);
    }
    try {
      return await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: this.#credentials.kind === 'session' ? 'same-origin' : 'omit',
        redirect,
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new BackendError('offline', `Could not reach the server: ${why}`);
    }
  }
}

/** Decodes a success answer's JSON, or rejects with the error envelope as a `BackendError`. */
export async function decode<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (response.ok) {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BackendError('internal', 'The server sent an answer this app does not understand.');
    }
  }
  throw errorOf(response.status, text);
}

/** The `BackendError` of an error answer: the envelope's code and first message, as the app's client reads them. */
export function errorOf(status: number, text: string): BackendError {
  let envelope: ErrorEnvelope | null = null;
  try {
    const parsed = JSON.parse(text) as Partial<ErrorEnvelope>;
    if (typeof parsed.code === 'string' && Object.hasOwn(APP_ERROR_CODES, parsed.code)) {
      envelope = parsed as ErrorEnvelope;
    }
  } catch {
    // Not an envelope: a proxy's or a crash page.
  }
  if (envelope === null) {
    if (status === 401) return new BackendError('unauthenticated', 'Sign-in is needed.');
    return new BackendError('internal', `The server answered ${status} without an explanation.`);
  }
  return new BackendError(APP_ERROR_CODES[envelope.code], messageOf(envelope));
}

/** The first message of an envelope, preferring `base`, as `ErrorEnvelope::message` in Rust. */
function messageOf(envelope: ErrorEnvelope): string {
  const base = envelope.error.base?.[0];
  if (base !== undefined) return base;
  for (const [field, problems] of Object.entries(envelope.error)) {
    const first = problems?.[0];
    if (first !== undefined) return `${field} ${first}`;
  }
  return envelope.status_message;
}
