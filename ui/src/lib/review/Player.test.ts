import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import Player from './Player.svelte';

function renderPlayer(extra: Record<string, unknown> = {}) {
  const onmarker = vi.fn();
  const result = render(Player, {
    src: 'memory://media/1',
    rate: { num: 25, den: 1 },
    frames: 250,
    start: '10:00:00:00',
    markers: [{ id: 7, frame: 50, frameOut: null, resolved: false, label: '10:00:02:00 Ada: Boom in shot' }],
    onmarker,
    onmediaerror: vi.fn(),
    ...extra,
  });
  return { ...result, onmarker, user: userEvent.setup() };
}

const frame = () => screen.getByTestId('player-frame');
const timecode = () => screen.getByTestId('player-timecode');

describe('Player', () => {
  it('shows SMPTE timecode from the start timecode and the frame number', () => {
    renderPlayer();
    expect(timecode()).toHaveTextContent('10:00:00:00');
    expect(frame()).toHaveTextContent('Frame 0 / 249');
  });

  it('steps frame by frame with the arrows, ten with Shift, and jumps with Home and End', async () => {
    const { user } = renderPlayer();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(frame()).toHaveAttribute('data-frame', '3');
    expect(timecode()).toHaveTextContent('10:00:00:03');
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(frame()).toHaveAttribute('data-frame', '13');
    await user.keyboard('{ArrowLeft}');
    expect(frame()).toHaveAttribute('data-frame', '12');
    await user.keyboard('{End}');
    expect(frame()).toHaveAttribute('data-frame', '249');
    expect(timecode()).toHaveTextContent('10:00:09:24');
    await user.keyboard('{Home}');
    expect(frame()).toHaveAttribute('data-frame', '0');
  });

  it('marks in and out with I and O, and clears them with Alt+X', async () => {
    const { user } = renderPlayer();
    await user.keyboard('{ArrowRight}{ArrowRight}i');
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}o');
    expect(screen.getByTestId('mark-in')).toHaveTextContent('In 10:00:00:02');
    expect(screen.getByTestId('mark-out')).toHaveTextContent('Out 10:00:00:12');
    await user.keyboard('{Alt>}x{/Alt}');
    expect(screen.getByTestId('mark-in')).toHaveTextContent('In —');
  });

  it('plays with Space and L, faster with each L, and stops with K', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play');
    const { user } = renderPlayer();
    await user.keyboard(' ');
    expect(play).toHaveBeenCalledTimes(1);
    expect(frame()).toHaveAttribute('data-state', 'playing');
    await user.keyboard('l');
    expect(screen.getByTestId('player-speed')).toHaveTextContent('2×');
    await user.keyboard('k');
    expect(frame()).toHaveAttribute('data-state', 'paused');
    play.mockRestore();
  });

  it('leaves keys alone while typing in a text field', async () => {
    const { user } = renderPlayer();
    const input = document.createElement('textarea');
    document.body.append(input);
    input.focus();
    await user.keyboard('{ArrowRight}l ');
    expect(frame()).toHaveAttribute('data-frame', '0');
    input.remove();
  });

  it('puts comments on the timeline; a marker seeks', async () => {
    const { user, onmarker } = renderPlayer();
    const marker = screen.getByRole('button', { name: '10:00:02:00 Ada: Boom in shot' });
    await user.click(marker);
    expect(onmarker).toHaveBeenCalledWith(expect.objectContaining({ id: 7, frame: 50 }));
  });

  it('leaves keys alone just after focus left a field, and acts again once it settled', async () => {
    const { user } = renderPlayer();
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    input.blur();
    await user.keyboard('o');
    expect(screen.getByTestId('mark-out')).toHaveTextContent('Out —');
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 400);
    await user.keyboard('o');
    expect(screen.getByTestId('mark-out')).toHaveTextContent('Out 10:00:00:00');
    clock.mockRestore();
    input.remove();
  });

  it('leaves keys alone in any contenteditable element', async () => {
    const { user } = renderPlayer();
    const box = document.createElement('div');
    box.setAttribute('contenteditable', '');
    box.tabIndex = 0;
    document.body.append(box);
    box.focus();
    await user.keyboard('i');
    expect(screen.getByTestId('mark-in')).toHaveTextContent('In —');
    box.remove();
  });

  it('says when a mark changed, and undoes it with Ctrl+Z or the Undo button', async () => {
    const { user } = renderPlayer();
    await user.keyboard('{ArrowRight}{ArrowRight}o');
    expect(screen.getByTestId('mark-status')).toHaveTextContent('Out set at 10:00:00:02');
    await user.keyboard('{ArrowRight}o');
    expect(screen.getByTestId('mark-out')).toHaveTextContent('Out 10:00:00:03');
    await user.keyboard('{Control>}z{/Control}');
    expect(screen.getByTestId('mark-out')).toHaveTextContent('Out 10:00:00:02');
    await user.click(screen.getByTestId('mark-undo'));
    expect(screen.getByTestId('mark-out')).toHaveTextContent('Out —');
    expect(screen.queryByTestId('mark-undo')).not.toBeInTheDocument();
  });

  describe('when the picture and the media disagree', () => {
    const video = () => screen.getByTestId('player-video') as HTMLVideoElement;

    it('says “seeking…” until the picture has caught up with a seek', async () => {
      const { user } = renderPlayer();
      await user.keyboard('{ArrowRight}');
      await fireEvent(video(), new Event('seeking'));
      expect(screen.getByTestId('player-seeking')).toHaveTextContent('seeking…');
      expect(timecode()).toHaveAttribute('data-seeking', 'true');
      await fireEvent(video(), new Event('seeked'));
      expect(screen.queryByTestId('player-seeking')).not.toBeInTheDocument();
      expect(timecode()).toHaveAttribute('data-seeking', 'false');
    });

    it('plays again after the end when sought back, a play cut short by a seek being no error', async () => {
      const onmediaerror = vi.fn();
      const { user } = renderPlayer({ onmediaerror });
      await user.keyboard('{End}');
      await fireEvent(video(), new Event('ended'));
      const play = vi
        .spyOn(HTMLMediaElement.prototype, 'play')
        .mockRejectedValueOnce(new DOMException('The operation was aborted.', 'AbortError'));
      await user.keyboard('{Home} ');
      await new Promise((r) => setTimeout(r, 0));
      expect(onmediaerror).not.toHaveBeenCalled();
      expect(screen.queryByTestId('player-problem')).not.toBeInTheDocument();
      await user.keyboard('{Shift>}{ArrowRight}{/Shift} ');
      expect(play).toHaveBeenCalledTimes(2);
      expect(frame()).toHaveAttribute('data-state', 'playing');
      play.mockRestore();
    });

    it('offers Retry in place after a media error, coming back to the same frame', async () => {
      const load = vi.spyOn(HTMLMediaElement.prototype, 'load');
      const { user } = renderPlayer();
      await user.keyboard('{Shift>}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{/Shift}');
      expect(frame()).toHaveAttribute('data-frame', '50');
      await fireEvent(video(), new Event('error'));
      expect(screen.getByTestId('player-problem')).toHaveTextContent('can’t be played here');
      load.mockClear();
      await user.click(screen.getByTestId('player-retry'));
      expect(load).toHaveBeenCalledTimes(1);
      expect(screen.queryByTestId('player-problem')).not.toBeInTheDocument();
      video().currentTime = 0;
      await fireEvent(video(), new Event('loadedmetadata'));
      expect(video().currentTime).toBeCloseTo(50.5 / 25, 3);
      expect(frame()).toHaveAttribute('data-frame', '50');
      load.mockRestore();
    });

    it('offers Retry when a seek never completes', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        renderPlayer();
        await fireEvent(video(), new Event('seeking'));
        vi.advanceTimersByTime(6000);
        await tick();
        expect(screen.getByTestId('player-problem')).toHaveAttribute('data-kind', 'stalled');
        await fireEvent(video(), new Event('seeked'));
        expect(screen.queryByTestId('player-problem')).not.toBeInTheDocument();
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it('goes to the start and the end with ⏮ and ⏭, and steps a frame with its own buttons', async () => {
    const { user } = renderPlayer();
    await user.click(screen.getByRole('button', { name: 'Go to end (End)' }));
    expect(frame()).toHaveAttribute('data-frame', '249');
    await user.click(screen.getByRole('button', { name: 'Previous frame (←)' }));
    expect(frame()).toHaveAttribute('data-frame', '248');
    await user.click(screen.getByRole('button', { name: 'Go to start (Home)' }));
    expect(frame()).toHaveAttribute('data-frame', '0');
    await user.click(screen.getByRole('button', { name: 'Next frame (→)' }));
    expect(frame()).toHaveAttribute('data-frame', '1');
  });
});
