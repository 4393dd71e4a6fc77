import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { serverBackend } from '../../testing/server';
import type { Backend } from '../backend';
import { MemoryBackend } from '../backend/memory';
import { Connections } from '../stores/connections.svelte';
import { testContext } from '../test-context';
import AccountView from './AccountView.svelte';

/** The account screen of a fresh account on the test server. */
async function show(before: (backend: Backend) => Promise<unknown> = async () => {}) {
  const { backend, account } = await serverBackend();
  await before(backend);
  return { ...render_(backend), account };
}

function render_(backend: Backend) {
  const user = userEvent.setup();
  render(AccountView, {
    props: { connection: 'local', onback: () => {} },
    context: testContext(backend, { connections: new Connections(backend) }),
  });
  return { backend, user };
}

describe('AccountView', () => {
  it('creates an OAuth app with several redirect URIs and shows the secret once', async () => {
    const { backend, user, account } = await show();
    expect(await screen.findByTestId('account-me')).toHaveTextContent(account.email);
    await user.click(screen.getByTestId('new-oauth-app'));
    await user.type(screen.getByTestId('oauth-app-name'), 'Ingest bot');
    await user.type(screen.getByTestId('oauth-app-uri'), 'https://ingest.example/cb');
    await user.click(screen.getByTestId('oauth-app-add-uri'));
    await user.type(screen.getAllByTestId('oauth-app-uri')[1]!, 'http://127.0.0.1/cb');
    await user.click(screen.getByTestId('oauth-app-submit'));

    const secret = await screen.findByTestId('oauth-client-secret');
    expect((secret as HTMLInputElement).value).toMatch(/^rcs_/);
    expect(screen.getByRole('note')).toHaveTextContent('shown only this once');
    await user.click(screen.getByTestId('secret-done'));
    expect(screen.queryByTestId('oauth-client-secret')).not.toBeInTheDocument();

    const card = await screen.findByTestId('oauth-app');
    expect(within(card).getByTestId('oauth-app-title')).toHaveTextContent('Ingest bot');
    expect(within(card).getAllByTestId('oauth-app-authorize-url')).toHaveLength(2);
    // The local library's authorization URLs point at 127.0.0.1: say they work only here.
    expect(within(card).getAllByTestId('local-only-note')[0]).toHaveTextContent(
      'This authorization URL works only on this computer',
    );
    expect((await backend.listOAuthApps('local'))[0]?.redirect_uris).toHaveLength(2);

    await user.click(within(card).getByTestId('oauth-app-generate'));
    expect(((await within(card).findByTestId('oauth-dev-code')) as HTMLInputElement).value).toMatch(/^[\w-]{32,}$/);
  });

  it('refuses an app without a redirect URI, and a URI that is not one', async () => {
    const { user } = await show();
    await user.click(await screen.findByTestId('new-oauth-app'));
    await user.type(screen.getByTestId('oauth-app-name'), 'Bot');
    await user.click(screen.getByTestId('oauth-app-submit'));
    expect(screen.getByText('Add at least one redirect URI.')).toBeInTheDocument();
    await user.type(screen.getByTestId('oauth-app-uri'), 'not a uri');
    await user.click(screen.getByTestId('oauth-app-submit'));
    expect(screen.getByText(/Enter a full URI/)).toBeInTheDocument();
  });

  it('rotates the secret and deletes the app after asking', async () => {
    const { backend, user } = await show((b) => b.createOAuthApp({ name: 'Bot', redirect_uris: ['https://bot.example/cb'], public: false }, 'local'));
    await user.click(await screen.findByTestId('oauth-app-rotate'));
    await user.click(within(screen.getByRole('dialog', { name: 'Rotate the secret?' })).getByTestId('confirm'));
    expect(((await screen.findByTestId('oauth-client-secret')) as HTMLInputElement).value).toMatch(/^rcs_/);
    await user.click(screen.getByTestId('secret-done'));

    await user.click(screen.getByTestId('oauth-app-delete'));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete app?' })).getByTestId('confirm'));
    await waitFor(() => expect(screen.queryByTestId('oauth-app')).not.toBeInTheDocument());
    expect(await backend.listOAuthApps('local')).toEqual([]);
  });

  it('creates an API key, showing its secret once', async () => {
    const { user } = await show();
    await user.click(await screen.findByTestId('new-api-key'));
    await user.type(screen.getByTestId('rename-name'), 'CI');
    await user.click(screen.getByTestId('rename-submit'));
    expect(((await screen.findByTestId('api-key-secret')) as HTMLInputElement).value).toMatch(/^rk_/);
    await user.click(screen.getByTestId('secret-done'));
    expect(await screen.findByTestId('api-key')).toHaveTextContent('CI');
  });

  it('shows the storage used against the quota', async () => {
    // Figures no test can upload: what the server answers is set in memory.
    const backend = new MemoryBackend();
    backend.usage = { used_bytes: 12_345_678_901, limit_bytes: 100_000_000_000 };
    render_(backend);
    expect(await screen.findByTestId('account-usage')).toHaveTextContent('12.3 GB of 100 GB used');
    expect(screen.getByRole('meter', { name: 'Storage' })).toHaveAttribute('value', '0.12345678901');
  });

  it('says when the server sets no storage limit', async () => {
    await show();
    expect(await screen.findByTestId('account-usage')).toHaveTextContent('0 bytes used — this server sets no limit');
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
  });

  it('focuses the redirect URI field Add another shows', async () => {
    const { user } = await show();
    await user.click(await screen.findByTestId('new-oauth-app'));
    await user.click(screen.getByTestId('oauth-app-add-uri'));
    expect(screen.getAllByTestId('oauth-app-uri')[1]).toHaveFocus();
  });
});
