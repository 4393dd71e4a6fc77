import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';

import VirtualItems from './VirtualItems.svelte';

const cell = createRawSnippet((index: () => number) => ({
  render: () => `<span class="name">Clip ${index()}</span>`,
}));

const names = () => screen.queryAllByRole('option').map((o) => o.textContent);

describe('VirtualItems', () => {
  it('renders only a window of 10,000 rows and keeps the full scroll height', () => {
    render(VirtualItems, { count: 10_000, rowHeight: 28, label: 'Files', cell, fallbackHeight: 560 });
    const options = screen.getAllByRole('option');
    expect(options.length).toBeLessThan(40);
    expect(options[0]).toHaveTextContent('Clip 0');
    const rows = screen.getByRole('listbox').firstElementChild as HTMLElement;
    const rendered = options.length * 28;
    expect(parseFloat(rows.style.paddingBottom) + rendered).toBe(10_000 * 28);
  });

  it('shows the rows at the scroll position', async () => {
    render(VirtualItems, { count: 10_000, rowHeight: 28, label: 'Files', cell, fallbackHeight: 560 });
    const list = screen.getByRole('listbox');
    list.scrollTop = 28 * 5000;
    await fireEvent.scroll(list);
    expect(names()).toContain('Clip 5000');
    expect(names()).not.toContain('Clip 0');
    expect(screen.getAllByRole('option').length).toBeLessThan(40);
  });

  it('moves the selection with the keyboard, scrolling it into view, and opens with Enter', async () => {
    const user = userEvent.setup();
    const onopen = vi.fn();
    render(VirtualItems, { count: 10_000, rowHeight: 28, label: 'Files', cell, onopen, fallbackHeight: 560 });
    const list = screen.getByRole('listbox');
    list.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(list.getAttribute('aria-activedescendant')).toMatch(/-cell-1$/);
    await user.keyboard('{End}');
    expect(names()).toContain('Clip 9999');
    expect(screen.getByRole('option', { selected: true })).toHaveTextContent('Clip 9999');
    await user.keyboard('{Enter}');
    expect(onopen).toHaveBeenCalledWith(9999);
  });

  it('selects on click and opens on double click', async () => {
    const user = userEvent.setup();
    const onopen = vi.fn();
    render(VirtualItems, { count: 3, rowHeight: 28, label: 'Files', cell, onopen });
    await user.click(screen.getByText('Clip 2'));
    expect(screen.getByRole('option', { selected: true })).toHaveTextContent('Clip 2');
    expect(onopen).not.toHaveBeenCalled();
    await user.dblClick(screen.getByText('Clip 1'));
    expect(onopen).toHaveBeenCalledWith(1);
  });

  it('lays out a grid in columns and moves sideways with the arrows', async () => {
    const user = userEvent.setup();
    render(VirtualItems, { count: 100, rowHeight: 150, minCellWidth: 180, label: 'Files', cell });
    const list = screen.getByRole('listbox');
    list.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowDown}');
    // No layout in jsdom: four columns are assumed. Right selects the first cell, then the
    // second; down from the second is the sixth.
    expect(screen.getByRole('option', { selected: true })).toHaveTextContent('Clip 5');
  });

  it('hands other keys to onkey with the active index', async () => {
    const user = userEvent.setup();
    const onkey = vi.fn();
    render(VirtualItems, { count: 5, rowHeight: 28, label: 'Files', cell, onkey, active: 3 });
    screen.getByRole('listbox').focus();
    await user.keyboard('{F2}');
    expect(onkey).toHaveBeenCalledWith(expect.objectContaining({ key: 'F2' }), 3);
  });
});
