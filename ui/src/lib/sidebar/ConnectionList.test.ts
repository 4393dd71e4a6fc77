import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { Connections } from '../stores/connections.svelte';
import { connectionsContext } from '../stores/context';
import { Workspace } from '../stores/workspace.svelte';
import ConnectionList from './ConnectionList.svelte';

async function setup() {
  const backend = new MemoryBackend();
  const server = await backend.addConnection({ url: 'https://m.example', credentials: { method: 'browser' } });
  const keyed = await backend.addConnection({ url: 'https://k.example', credentials: { method: 'api_key', api_key: 'k' } });
  const connections = new Connections(backend);
  await connections.start();
  const library = new Workspace(backend);
  const onsignin = vi.fn();
  render(ConnectionList, { props: { onsignin }, context: connectionsContext(connections, library) });
  return { backend, server, keyed, library, onsignin, user: userEvent.setup() };
}

const item = (id: string) =>
  screen.getAllByTestId('connection-item').find((el) => el.dataset.id === id) as HTMLElement;

describe('ConnectionList', () => {
  it('lists the local library first, then servers with who is signed in', async () => {
    await setup();
    const labels = screen.getAllByTestId('connection-label').map((el) => el.textContent);
    expect(labels).toEqual(['Local library', 'm.example', 'k.example']);
    expect(within(item('local')).queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(item('srv1')).toHaveTextContent('ada@example.org');
  });

  it('signs out and back in with the browser', async () => {
    const { user, server } = await setup();
    await user.click(within(item(server.id)).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(item(server.id)).toHaveAttribute('data-state', 'signed_out'));
    await user.click(within(item(server.id)).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(item(server.id)).toHaveAttribute('data-state', 'signed_in'));
  });

  it('asks the form for the secret again for other methods', async () => {
    const { user, keyed, onsignin } = await setup();
    await user.click(within(item(keyed.id)).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(item(keyed.id)).toHaveAttribute('data-state', 'signed_out'));
    await user.click(within(item(keyed.id)).getByRole('button', { name: 'Sign in' }));
    expect(onsignin).toHaveBeenCalledWith(expect.objectContaining({ id: keyed.id }));
  });

  it('says plainly when a server signed the app out', async () => {
    const { backend, server } = await setup();
    backend.servers.expire(server.id, 'the server no longer accepts this app’s sign-in');
    expect(await within(item(server.id)).findByRole('alert')).toHaveTextContent(
      'm.example signed you out: the server no longer accepts this app’s sign-in',
    );
    expect(within(item(server.id)).getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
