import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Clash } from '../stores/uploads.svelte';
import UploadConflictDialog from './UploadConflictDialog.svelte';

function ask(clash: Partial<Clash> = {}) {
  const onanswer = vi.fn();
  const oncancel = vi.fn();
  const props = { clash: { name: 'A001.mov', isDir: false, where: 'Day 01', more: 0, ...clash }, onanswer, oncancel };
  render(UploadConflictDialog, { props });
  return { onanswer, oncancel, user: userEvent.setup(), dialog: screen.getByRole('dialog', { name: '“A001.mov” is already there' }) };
}

describe('UploadConflictDialog', () => {
  it('names the clash and where it is, with Keep both focused', () => {
    const { dialog } = ask();
    expect(screen.getByTestId('conflict-message')).toHaveTextContent('A file or folder called A001.mov is already in Day 01.');
    expect(dialog).toHaveTextContent('such as “A001 (2).mov”');
    expect(screen.getByRole('button', { name: 'Keep both' })).toHaveFocus();
    expect(screen.queryByLabelText('Apply to all')).not.toBeInTheDocument();
  });

  it.each([
    ['Keep both', 'keep_both'],
    ['Replace', 'replace'],
    ['Add as new version', 'new_version'],
    ['Skip', 'skip'],
  ] as const)('answers %s for this clash only', async (label, choice) => {
    const { onanswer, user } = ask();
    await user.click(screen.getByRole('button', { name: label }));
    expect(onanswer).toHaveBeenCalledWith(choice, false);
  });

  it('offers a new version for a file, not for a folder', () => {
    ask({ isDir: true });
    expect(screen.queryByRole('button', { name: 'Add as new version' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Replace' })).toBeInTheDocument();
  });

  it('answers the clashes after it too with Apply to all', async () => {
    const { onanswer, user } = ask({ more: 2 });
    const all = screen.getByLabelText('Apply to all');
    expect(all).toHaveAccessibleDescription('2 more names clash after this one.');
    await user.click(all);
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    expect(onanswer).toHaveBeenCalledWith('replace', true);
  });

  it('cancels the whole upload with Cancel or Escape', async () => {
    const { oncancel, onanswer, user } = ask({ more: 1 });
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(oncancel).toHaveBeenCalledTimes(2);
    expect(onanswer).not.toHaveBeenCalled();
  });

  it('explains what the answers do to a folder', () => {
    const { dialog } = ask({ name: 'A001.mov', isDir: true });
    expect(dialog).toHaveTextContent('upload into the folder that is there');
    expect(dialog).toHaveTextContent('Skip leaves this folder out.');
  });
});
