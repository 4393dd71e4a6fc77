// Adds DOM matchers such as toBeInTheDocument() and toHaveTextContent() to expect().
import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';

import { resetFieldFocus } from './lib/shortcuts';

// Each test starts as if no field had just been left (shortcuts wait a moment after one).
afterEach(() => {
  resetFieldFocus();
  if (typeof localStorage !== 'undefined') localStorage.clear();
});

// jsdom has no layout, so no ResizeObserver (Svelte's bind:clientHeight uses it): a stand-in
// that never reports, leaving measured sizes at 0 as jsdom reports them anyway.
if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// jsdom does not implement media playback; the player's tests drive currentTime themselves.
if (typeof window !== 'undefined') {
  window.HTMLMediaElement.prototype.play = function play() {
    return Promise.resolve();
  };
  window.HTMLMediaElement.prototype.pause = function pause() {};
  window.HTMLMediaElement.prototype.load = function load() {};
}
