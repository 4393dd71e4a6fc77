/**
 * When a window-wide keyboard shortcut may act. Single-letter shortcuts (I, O, C, U, T...) must
 * never eat what someone meant to type: not while focus is in an editable field, and not just
 * after it left one (a click that reveals a field, or a field that closes, leaves the next
 * letters of a word on their way), nor while a dialog is open.
 */
import { tick } from 'svelte';

/** Fields where keys are text, not commands. */
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';

/** How long after focus leaves an editable field shortcuts stay quiet, in milliseconds. */
export const SETTLE_MS = 300;

let leftFieldAt = Number.NEGATIVE_INFINITY;
let tracking = false;

/** Whether `element` is a field keys type into. */
export function isEditable(element: Element | null | undefined): boolean {
  if (!element) return false;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  return element.closest(EDITABLE) !== null;
}

function onFocusOut(event: FocusEvent) {
  if (event.target instanceof Element && isEditable(event.target)) leftFieldAt = Date.now();
}

/** Starts noticing when focus leaves a field (once per page; every check calls it). */
export function trackFieldFocus(): void {
  if (tracking || typeof document === 'undefined') return;
  tracking = true;
  document.addEventListener('focusout', onFocusOut, true);
}

/** Forgets when a field was last left (tests start each case afresh). */
export function resetFieldFocus(): void {
  leftFieldAt = Number.NEGATIVE_INFINITY;
}

/**
 * Whether a window-level shortcut may act on `event`: not already handled, not typed into a
 * field (or within `SETTLE_MS` of leaving one), and no dialog open unless `inDialog`.
 */
export function shortcutAllowed(event: KeyboardEvent, { inDialog = false }: { inDialog?: boolean } = {}): boolean {
  trackFieldFocus();
  if (event.defaultPrevented) return false;
  const target = event.target instanceof Element ? event.target : null;
  if (isEditable(target) || isEditable(document.activeElement)) return false;
  if (Date.now() - leftFieldAt < SETTLE_MS) return false;
  if (!inDialog && (target?.closest('[role="dialog"]') || document.querySelector('[role="dialog"]'))) return false;
  return true;
}

/** Moves focus to `element` once it is in the page (after the update that reveals it). */
export function focusWhenShown(element: () => HTMLElement | null | undefined): void {
  void tick().then(() => element()?.focus());
}

trackFieldFocus();
