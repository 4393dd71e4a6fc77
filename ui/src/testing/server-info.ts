/** What the global setup (`server-setup.ts`) tells the tests about the server it started. */
export interface TestServer {
  /** The server's root URL, ending in `/`. */
  readonly url: string;
  /** An access token of the server's first admin, who makes the tests' accounts. */
  readonly adminToken: string;
  /** The confidential OAuth app the tests' accounts sign in through (client credentials). */
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The first admin's email. */
export const ADMIN_EMAIL = 'admin@ui-tests.rushes.test';
