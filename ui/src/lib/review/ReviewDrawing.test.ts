import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { putClip, serverBackend, unique } from '../../testing/server';
import type { Backend } from '../backend';
import { testContext } from '../test-context';
import ReviewView from './ReviewView.svelte';

type Ref = { projectId: number; folderId: number; fileId: number };

/** A 4-second clip at 25 fps on the real server, open for review. */
async function open(before?: (backend: Backend, ref: Ref) => Promise<unknown>) {
  const { backend, account } = await serverBackend();
  const project = await backend.createProject({ name: unique('Drawings'), description: '' }, 'local');
  const day = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const file = await putClip(account, project.id, day.id, 'A001.mp4', { seconds: 4, fps: 25 });
  const ref = { projectId: project.id, folderId: day.id, fileId: file.id };
  await before?.(backend, ref);
  const user = userEvent.setup();
  render(ReviewView, { props: { file, connection: 'local', onback: vi.fn() }, context: testContext(backend) });
  await screen.findByText(/Frame 0 \/ 99/);
  return { backend, user, ref };
}

/** Drags on the drawing layer from (x1, y1) to (x2, y2), in pixels of a 640×360 layer. */
async function drag(x1: number, y1: number, x2: number, y2: number) {
  const layer = screen.getByTestId('drawing-layer');
  vi.spyOn(layer, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, 0, 640, 360));
  await fireEvent.pointerDown(layer, { clientX: x1, clientY: y1, button: 0, pointerId: 1 });
  await fireEvent.pointerMove(layer, { clientX: x2, clientY: y2, pointerId: 1 });
  await fireEvent.pointerUp(layer, { clientX: x2, clientY: y2, pointerId: 1 });
}

describe('drawing on a frame', () => {
  it('sends what was drawn with the comment, on the frame it was drawn on', async () => {
    const { backend, user, ref } = await open();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    await user.click(screen.getByTestId('draw-tool-arrow'));
    expect(screen.getByTestId('drawing-layer')).toHaveAttribute('data-tool', 'arrow');
    await drag(64, 36, 320, 180);
    expect(screen.getAllByTestId('drawn-shape')).toHaveLength(1);
    expect(screen.getByTestId('drawing-attached')).toHaveTextContent('Drawing attached (1 shape at 00:00:00:03)');

    await user.type(screen.getByTestId('comment-text'), 'Boom in shot');
    await user.click(screen.getByTestId('comment-send'));
    await waitFor(async () => {
      const [comment] = await backend.listComments(ref, 'local');
      expect(comment).toMatchObject({
        body: 'Boom in shot',
        frame: 3,
        drawing: { shapes: [{ tool: 'arrow', color: '#ff3b30', width: 0.004, points: [[0.1, 0.1], [0.5, 0.5]] }] },
      });
    });
    // Sent: the composer lets go of it, and the saved drawing shows on its frame.
    await waitFor(() => expect(screen.queryByTestId('drawing-attached')).not.toBeInTheDocument());
    expect(screen.getByTestId('drawing-layer')).toHaveAttribute('data-tool', '');
    expect(within(await screen.findByTestId('thread')).getByTestId('comment-drawing')).toBeInTheDocument();
    expect(screen.getAllByTestId('drawn-shape')).toHaveLength(1);
    await user.click(screen.getByTestId('step-forward'));
    expect(screen.getByTestId('player-frame')).toHaveAttribute('data-frame', '4');
    expect(screen.queryByTestId('drawn-shape')).not.toBeInTheDocument();
  });

  it('shows a range comment’s drawing anywhere in its range, and Undo takes a shape back', async () => {
    const drawing = { shapes: [{ tool: 'ellipse' as const, color: '#ffcc00', width: 0.004, points: [[0.2, 0.2], [0.4, 0.5]] as [number, number][] }] };
    const { user } = await open((b, r) => b.createComment(r, { body: 'Flare', frame: 2, frame_out: 4, drawing }, 'local'));
    await screen.findByTestId('comment-drawing');
    expect(screen.queryByTestId('drawn-shape')).not.toBeInTheDocument();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(screen.getByTestId('drawn-shape')).toHaveAttribute('data-tool', 'ellipse');

    await user.click(screen.getByTestId('draw-tool-rectangle'));
    await drag(10, 10, 100, 100);
    expect(screen.getAllByTestId('drawn-shape')).toHaveLength(2);
    await user.click(screen.getByTestId('draw-undo'));
    expect(screen.getAllByTestId('drawn-shape')).toHaveLength(1);
    expect(screen.queryByTestId('drawing-attached')).not.toBeInTheDocument();
  });
});
