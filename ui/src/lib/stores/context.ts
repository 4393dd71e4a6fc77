import { getContext, setContext } from 'svelte';

import type { Connections } from './connections.svelte';
import type { Library } from './library.svelte';

const LIBRARY = Symbol('rushes.library');

/** Makes `library` available to the calling component and its children. */
export function setLibrary(library: Library): Library {
  return setContext(LIBRARY, library);
}

/** The library store set by the app shell. */
export function getLibrary(): Library {
  const library = getContext<Library | undefined>(LIBRARY);
  if (!library) throw new Error('No library in context: mount the component inside App.');
  return library;
}

/** A context map holding `library`, for a test's `render()`. */
export function libraryContext(library: Library): Map<unknown, unknown> {
  return new Map<unknown, unknown>([[LIBRARY, library]]);
}

const CONNECTIONS = Symbol('rushes.connections');

/** Makes the connections store available to the calling component and its children. */
export function setConnections(connections: Connections): Connections {
  return setContext(CONNECTIONS, connections);
}

/** The connections store set by the app shell. */
export function getConnections(): Connections {
  const connections = getContext<Connections | undefined>(CONNECTIONS);
  if (!connections) throw new Error('No connections in context: mount the component inside App.');
  return connections;
}

/** A context map holding `connections` (and optionally `library`), for a test's `render()`. */
export function connectionsContext(connections: Connections, library?: Library): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>([[CONNECTIONS, connections]]);
  if (library) map.set(LIBRARY, library);
  return map;
}
