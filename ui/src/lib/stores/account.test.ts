import { describe, expect, it } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { Account } from './account.svelte';

describe('Account', () => {
  it('registers an OAuth app, shows its secret once, rotates it and deletes the app', async () => {
    const account = new Account(new MemoryBackend(), 'local');
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
    expect(listed?.redirect_uris[0]?.authorize_url).toContain('client_id=');

    const rotated = await account.rotateSecret(created.id);
    expect(rotated.client_secret).not.toBe(created.client_secret);
    const code = await account.generateCode(created.id, 'http://127.0.0.1/cb');
    expect(code).toMatchObject({ redirect_uri: 'http://127.0.0.1/cb', expires_in: 600 });

    await account.deleteApp(created.id);
    expect(account.apps.items).toEqual([]);
  });

  it('gives a public app no secret', async () => {
    const account = new Account(new MemoryBackend(), 'local');
    const created = await account.createApp({ name: 'Desktop', redirect_uris: ['http://127.0.0.1/cb'], public: true });
    expect(created.client_secret).toBeNull();
  });

  it('creates and deletes API keys, and revokes authorizations', async () => {
    const backend = new MemoryBackend();
    backend.account.authorizations.push({ id: 99, app_name: 'Uploader', client_id: 'rca_x', created_at: '2025-01-01T00:00:00Z' });
    const account = new Account(backend, 'local');
    await account.start();
    const key = await account.createKey('CI');
    expect(key.secret).toMatch(/^rk_/);
    expect(account.keys.items.map((k) => k.name)).toEqual(['CI']);
    await account.deleteKey(key.id);
    expect(account.keys.items).toEqual([]);
    await account.revoke(99);
    expect(account.authorizations.items).toEqual([]);
  });
});
