import { getContext, setContext } from 'svelte';

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
