import { describe, expect, it } from 'vitest';

import { freshAccount, serverBackend, viaApiKey } from '../../testing/server';
import { Account } from './account.svelte';

describe('Account (against the server)', () => {
  it('registers an OAuth app, shows its secret once, rotates it and deletes the app', async () => {
    const { backend } = await serverBackend(await freshAccount({ admin: true }));
    const account = new Account(backend, 'local');
    await account.start();
    expect(account.me.value?.is_admin).toBe(true);

    const created = await account.createApp({
      name: 'Ingest bot',
      redirect_uris: ['https://ingest.example/cb', 'http://127.0.0.1/cb'],
      public: false,
    });
    expect(created.client_secret).toMatch(/^rcs_/);
    const [listed] = account.apps.items;
    expect(listed).not.toHaveProperty('client_secret');
    expect(listed?.redirect_uris.map((r) => r.uri)).toEqual(['https://ingest.example/cb', 'http://127.0.0.1/cb']);
    expect(listed?.redirect_uris[0]?.authorize_url).toContain(`client_id=${created.client_id}`);

    const rotated = await account.rotateSecret(created.id);
    expect(rotated.client_secret).not.toBe(created.client_secret);
    const code = await account.generateCode(created.id, 'http://127.0.0.1/cb');
    expect(code).toMatchObject({ redirect_uri: 'http://127.0.0.1/cb', expires_in: 600 });

    await account.deleteApp(created.id);
    expect(account.apps.items).toEqual([]);
  });

  it('gives a public app no secret, and refuses a redirect the server refuses', async () => {
    const { backend } = await serverBackend();
    const account = new Account(backend, 'local');
    const created = await account.createApp({ name: 'Desktop', redirect_uris: ['http://127.0.0.1/cb'], public: true });
    expect(created.client_secret).toBeNull();
    await expect(
      account.createApp({ name: 'Bad', redirect_uris: ['javascript:alert(1)'], public: true }),
    ).rejects.toMatchObject({ code: 'invalid' });
  });

  it('creates and deletes API keys, and revokes authorizations', async () => {
    // Signed in with a key, so revoking the tests' app (the account's one authorization) leaves
    // this sign-in working.
    const { backend } = await serverBackend(await viaApiKey(await freshAccount()));
    const account = new Account(backend, 'local');
    await account.start();
    const key = await account.createKey('CI');
    expect(key.secret).toMatch(/^rk_/);
    expect(account.keys.items.map((k) => k.name)).toEqual(['CI', 'ui tests']);
    await account.deleteKey(key.id);
    expect(account.keys.items.map((k) => k.name)).toEqual(['ui tests']);
    expect(account.authorizations.items.map((a) => a.app_name)).toEqual(['UI tests']);
    const [signedInWith] = account.authorizations.items;
    if (signedInWith) await account.revoke(signedInWith.id);
    expect(account.authorizations.items).toEqual([]);
  });
});
