import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { BackendError } from '../backend';
import AddServerDialog from './AddServerDialog.svelte';

function setup(onsubmit = vi.fn().mockResolvedValue(undefined), props: Record<string, unknown> = {}) {
  const onclose = vi.fn();
  const oncancelsignin = vi.fn().mockResolvedValue(undefined);
  const user = userEvent.setup();
  render(AddServerDialog, { props: { onsubmit, onclose, oncancelsignin, ...props } });
  return { user, onsubmit, onclose, oncancelsignin };
}

describe('AddServerDialog', () => {
  it('signs in with the browser by default', async () => {
    const { user, onsubmit, onclose } = setup();
    expect(screen.getByLabelText('Server address')).toHaveFocus();
    expect(screen.getByLabelText('In the browser')).toBeChecked();
    await user.type(screen.getByLabelText('Server address'), 'media.example');
    await user.click(screen.getByRole('button', { name: 'Sign in with the browser' }));
    expect(onsubmit).toHaveBeenCalledWith('media.example', { method: 'browser' });
    await waitFor(() => expect(onclose).toHaveBeenCalledOnce());
  });

  it('asks for the fields of each method and hides secrets as they are typed', async () => {
    const { user, onsubmit } = setup();
    await user.type(screen.getByLabelText('Server address'), 'https://m.example');
    await user.click(screen.getByLabelText('With an API key'));
    expect(screen.getByLabelText('API key')).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Add server' }));
    expect(await screen.findByText('Enter the API key.')).toBeInTheDocument();
    expect(onsubmit).not.toHaveBeenCalled();

    await user.click(screen.getByLabelText('With client credentials'));
    await user.type(screen.getByLabelText('Client id'), 'cid');
    await user.type(screen.getByLabelText('Client secret'), 'rcs_x');
    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'pw');
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Add server' }));
    expect(onsubmit).toHaveBeenCalledWith('https://m.example', {
      method: 'client_credentials',
      client_id: 'cid',
      client_secret: 'rcs_x',
      username: 'ada@example.org',
      password: 'pw',
    });
  });

  it('shows why the server refused, and keeps the dialog open', async () => {
    const { user, onclose } = setup(
      vi.fn().mockRejectedValue(new BackendError('invalid', 'https://x.example/ does not look like a Rushes server')),
    );
    await user.type(screen.getByLabelText('Server address'), 'x.example{Enter}');
    expect(await screen.findByText(/does not look like a Rushes server/)).toBeInTheDocument();
    expect(onclose).not.toHaveBeenCalled();
  });

  it('cancels a browser sign-in that is waiting', async () => {
    const { user, oncancelsignin, onclose } = setup(vi.fn(() => new Promise(() => {})));
    await user.type(screen.getByLabelText('Server address'), 'm.example{Enter}');
    expect(await screen.findByTestId('server-waiting')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(oncancelsignin).toHaveBeenCalledOnce();
    expect(onclose).toHaveBeenCalledOnce();
  });

  it('starts from a listed server when signing in again', () => {
    setup(undefined, { url: 'https://m.example/', method: 'api_key' });
    expect(screen.getByLabelText('Server address')).toHaveValue('https://m.example/');
    expect(screen.getByLabelText('With an API key')).toBeChecked();
  });
});
