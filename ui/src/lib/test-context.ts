import { backendContext, type Backend } from './backend';
import type { Browse } from './stores/browse.svelte';
import type { Connections } from './stores/connections.svelte';
import { storesContext } from './stores/context';
import type { Library } from './stores/library.svelte';
import type { Navigator } from './stores/nav.svelte';
import type { SettingsStore } from './stores/settings.svelte';

/** The context a component rendered alone in a test needs: the backend and whichever stores. */
export function testContext(
  backend: Backend,
  stores: { library?: Library; connections?: Connections; browse?: Browse; nav?: Navigator; settings?: SettingsStore } = {},
): Map<unknown, unknown> {
  return new Map([...backendContext(backend), ...storesContext(stores)]);
}
