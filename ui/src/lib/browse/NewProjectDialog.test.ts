import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { BackendError } from '../backend';
import NewProjectDialog from './NewProjectDialog.svelte';

function setup(onsubmit = vi.fn().mockResolvedValue(undefined)) {
  const onclose = vi.fn();
  const user = userEvent.setup();
  render(NewProjectDialog, { props: { onsubmit, onclose } });
  return { user, onsubmit, onclose };
}

describe('NewProjectDialog', () => {
  it('is a labelled modal dialog with the name field focused', () => {
    setup();
    const dialog = screen.getByRole('dialog', { name: 'New project' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(screen.getByLabelText('Description (optional)')).toBeInTheDocument();
  });

  it('asks for a name instead of sending an empty one', async () => {
    const { user, onsubmit } = setup();
    await user.type(screen.getByLabelText('Name'), '   {Enter}');
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Enter a name for the project.');
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('sends the trimmed name and description, then closes', async () => {
    const { user, onsubmit, onclose } = setup();
    await user.type(screen.getByLabelText('Name'), ' Night Shoot ');
    await user.type(screen.getByLabelText('Description (optional)'), 'Exteriors, 3 nights');
    await user.click(screen.getByRole('button', { name: 'Create project' }));
    expect(onsubmit).toHaveBeenCalledWith('Night Shoot', 'Exteriors, 3 nights');
    await waitFor(() => expect(onclose).toHaveBeenCalledOnce());
  });

  it('submits from the description with Ctrl+Enter, where Enter makes a new line', async () => {
    const { user, onsubmit } = setup();
    await user.type(screen.getByLabelText('Name'), 'Night Shoot');
    await user.type(screen.getByLabelText('Description (optional)'), 'line one{Enter}line two');
    expect(onsubmit).not.toHaveBeenCalled();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(onsubmit).toHaveBeenCalledWith('Night Shoot', 'line one\nline two');
  });

  it('keeps Tab inside the dialog', async () => {
    const { user } = setup();
    const name = screen.getByLabelText('Name');
    await user.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Create project' })).toHaveFocus();
    await user.tab();
    expect(name).toHaveFocus();
  });

  it('closes on Escape and on Cancel without sending', async () => {
    const { user, onsubmit, onclose } = setup();
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onclose).toHaveBeenCalledTimes(2);
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('disables the submit button while creating', async () => {
    let finish: () => void = () => {};
    const { user } = setup(vi.fn(() => new Promise<void>((resolve) => (finish = resolve))));
    await user.type(screen.getByLabelText('Name'), 'Night Shoot{Enter}');
    expect(screen.getByRole('button', { name: 'Creating…' })).toBeDisabled();
    finish();
  });

  it('shows a taken name under the field and selects it for fixing', async () => {
    const { user, onclose } = setup(
      vi.fn().mockRejectedValue(new BackendError('name_taken', 'name: has already been taken')),
    );
    const name = screen.getByLabelText('Name') as HTMLInputElement;
    await user.type(name, 'Night Shoot{Enter}');
    expect(await screen.findByText('There is already a project called “Night Shoot”. Choose another name.'))
      .toBeInTheDocument();
    expect(name).toHaveFocus();
    expect(name.selectionStart).toBe(0);
    expect(name.selectionEnd).toBe('Night Shoot'.length);
    expect(onclose).not.toHaveBeenCalled();
  });
});

describe('NewProjectDialog, other fields', () => {
  it('explains a description that is too long under that field', async () => {
    const { user, onsubmit } = setup();
    await user.type(screen.getByLabelText('Name'), 'Night Shoot');
    const description = screen.getByLabelText('Description (optional)');
    await user.click(description);
    await user.paste('x'.repeat(4097));
    await user.click(screen.getByRole('button', { name: 'Create project' }));
    expect(description).toHaveAccessibleDescription(
      expect.stringContaining('That description is too long'),
    );
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('shows a refusal it cannot pin on the name for the whole form', async () => {
    const { user } = setup(
      vi.fn().mockRejectedValue(new BackendError('invalid', 'description: can’t contain NUL characters')),
    );
    await user.type(screen.getByLabelText('Name'), 'Night Shoot{Enter}');
    expect(await screen.findByText('description: can’t contain NUL characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
  });
});
