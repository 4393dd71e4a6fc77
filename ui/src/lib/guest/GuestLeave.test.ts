import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { BackendError, LIBRARY } from '../backend';
import { MemoryBackend } from '../backend/memory';
import { testContext } from '../test-context';
import GuestLeave from './GuestLeave.svelte';

/** The Leave button on an in-memory backend whose sign-out is watched. */
function setup(signOut: () => Promise<never> | Promise<void>) {
  const backend = new MemoryBackend();
  const spy = vi.spyOn(backend, 'signOut').mockImplementation(signOut as never);
  render(GuestLeave, { context: testContext(backend) });
  return { spy, user: userEvent.setup() };
}

describe('GuestLeave', () => {
  it("ends the page's session through the backend once", async () => {
    const { spy, user } = setup(async () => {});
    await user.click(screen.getByTestId('guest-leave'));
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(1));
    expect(spy).toHaveBeenCalledWith(LIBRARY);
    expect(screen.queryByTestId('guest-leave-problem')).toBeNull();
  });

  it('says why leaving failed and lets the guest try again', async () => {
    const { spy, user } = setup(async () => {
      throw new BackendError('offline', 'Could not reach the server');
    });
    await user.click(screen.getByTestId('guest-leave'));
    expect(await screen.findByTestId('guest-leave-problem')).toHaveTextContent(/server|network/i);
    expect(screen.getByTestId('guest-leave')).toBeEnabled();
    await user.click(screen.getByTestId('guest-leave'));
    await waitFor(() => expect(spy).toHaveBeenCalledTimes(2));
  });
});
