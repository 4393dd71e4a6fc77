import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { Drawing, Shape } from '../api-types';
import DrawingLayer from './DrawingLayer.svelte';

const every: Drawing = {
  shapes: [
    { tool: 'pen', color: '#ffcc00', width: 0.01, points: [[0.1, 0.1], [0.2, 0.3], [0.3, 0.1]] },
    { tool: 'line', color: '#34c759', width: 0.01, points: [[0, 0], [1, 1]] },
    { tool: 'arrow', color: '#ff3b30', width: 0.01, points: [[0.5, 0.5], [0.75, 0.5]] },
    { tool: 'rectangle', color: '#0a84ff', width: 0.01, points: [[0.75, 0.75], [0.25, 0.5]] },
    { tool: 'ellipse', color: '#ffffff', width: 0.01, points: [[0.5, 0], [1, 0.5]] },
  ],
};

/** A 1920×1080 picture in an 800×600 box: shown 800×450, 75 px down. */
const box = { width: 800, height: 600 };
const media = { width: 1920, height: 1080 };

describe('DrawingLayer', () => {
  it('draws the five shapes on the picture, inside its letterbox', () => {
    render(DrawingLayer, { box, media, drawings: [every] });
    const svg = screen.getByTestId('drawing-layer').querySelector('svg');
    expect(svg).toHaveStyle({ left: '0px', top: '75px' });
    expect(svg).toHaveAttribute('viewBox', '0 0 800 450');
    const shapes = screen.getAllByTestId('drawn-shape');
    expect(shapes.map((s) => s.dataset.tool)).toEqual(['pen', 'line', 'arrow', 'rectangle', 'ellipse']);
    // Widths are a fraction of the picture's height: 0.01 of 450.
    expect(shapes[0]).toHaveAttribute('stroke-width', '4.5');
    expect(shapes[0]).toHaveAttribute('stroke', '#ffcc00');
    expect(shapes[0]?.querySelector('polyline')).toHaveAttribute('points', '80,45 160,135 240,45');
    const line = shapes[1]?.querySelector('line');
    expect([line?.getAttribute('x1'), line?.getAttribute('y1'), line?.getAttribute('x2'), line?.getAttribute('y2')]).toEqual(['0', '0', '800', '450']);
    const arrow = shapes[2];
    expect(arrow?.querySelector('line')).toHaveAttribute('x2', '600');
    // The head's lines meet at the tip.
    expect(arrow?.querySelector('polyline')?.getAttribute('points')).toContain(' 600,225 ');
    const rect = shapes[3]?.querySelector('rect');
    expect([rect?.getAttribute('x'), rect?.getAttribute('y'), rect?.getAttribute('width'), rect?.getAttribute('height')]).toEqual(['200', '225', '400', '112.5']);
    const ellipse = shapes[4]?.querySelector('ellipse');
    expect([ellipse?.getAttribute('cx'), ellipse?.getAttribute('cy'), ellipse?.getAttribute('rx'), ellipse?.getAttribute('ry')]).toEqual(['600', '112.5', '200', '112.5']);
  });

  it('lets the pointer through without a tool, and draws a shape with one', async () => {
    const onshape = vi.fn<(shape: Shape) => void>();
    const { rerender } = render(DrawingLayer, { box, media, onshape });
    const layer = screen.getByTestId('drawing-layer');
    expect(layer).not.toHaveClass('drawing');
    await rerender({ box, media, onshape, tool: 'rectangle', color: '#0a84ff', width: 0.005 });
    expect(layer).toHaveClass('drawing');
    vi.spyOn(layer, 'getBoundingClientRect').mockReturnValue(new DOMRect(10, 20, 800, 600));
    // From the top bar (clamped to the picture's top edge) to the middle of the picture.
    await fireEvent.pointerDown(layer, { clientX: 210, clientY: 30, button: 0, pointerId: 1 });
    await fireEvent.pointerMove(layer, { clientX: 410, clientY: 320, pointerId: 1 });
    await fireEvent.pointerUp(layer, { clientX: 410, clientY: 320, pointerId: 1 });
    expect(onshape).toHaveBeenCalledWith({ tool: 'rectangle', color: '#0a84ff', width: 0.005, points: [[0.25, 0], [0.5, 0.5]] });
    // A click with a shape tool draws nothing.
    await fireEvent.pointerDown(layer, { clientX: 210, clientY: 300, button: 0, pointerId: 1 });
    await fireEvent.pointerUp(layer, { clientX: 210, clientY: 300, pointerId: 1 });
    expect(onshape).toHaveBeenCalledTimes(1);
  });

  it('follows the pen and keeps the stroke within the points left', async () => {
    const onshape = vi.fn<(shape: Shape) => void>();
    render(DrawingLayer, { box, media, onshape, tool: 'pen', pointsLeft: 3 });
    const layer = screen.getByTestId('drawing-layer');
    vi.spyOn(layer, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, 0, 800, 600));
    await fireEvent.pointerDown(layer, { clientX: 0, clientY: 75, button: 0, pointerId: 1 });
    for (let x = 10; x <= 400; x += 10) {
      await fireEvent.pointerMove(layer, { clientX: x, clientY: 75 + (x % 20 === 0 ? 0 : 90), pointerId: 1 });
    }
    await fireEvent.pointerUp(layer, { clientX: 400, clientY: 75, pointerId: 1 });
    const pen = onshape.mock.calls[0]?.[0];
    expect(pen?.tool).toBe('pen');
    expect(pen?.points.length).toBeLessThanOrEqual(3);
    expect(pen?.points[0]).toEqual([0, 0]);
  });
});
