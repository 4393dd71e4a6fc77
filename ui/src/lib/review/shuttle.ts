/**
 * J/K/L shuttle, as in editing suites: L plays forward and each further L doubles the speed
 * (up to 8×), J does the same backwards, K stops. Speeds are signed: negative is reverse.
 */

/** The fastest shuttle speed either way. */
export const MAX_SPEED = 8;

/** The speed after pressing `key` ("j", "k" or "l") at `speed`. */
export function shuttle(speed: number, key: 'j' | 'k' | 'l'): number {
  switch (key) {
    case 'k':
      return 0;
    case 'l':
      return speed <= 0 ? 1 : Math.min(speed * 2, MAX_SPEED);
    case 'j':
      return speed >= 0 ? -1 : Math.max(speed * 2, -MAX_SPEED);
  }
}

/** "2×", "−4×" or "" at normal speed or stopped, for the speed badge. */
export function speedLabel(speed: number): string {
  if (speed === 0 || speed === 1) return '';
  return `${speed < 0 ? '−' : ''}${Math.abs(speed)}×`;
}
