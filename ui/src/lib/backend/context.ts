import { getContext, setContext } from 'svelte';

import type { Backend } from './types';

const BACKEND = Symbol('rushes.backend');

/** Makes `backend` available to the calling component and its children. */
export function setBackend(backend: Backend): Backend {
  return setContext(BACKEND, backend);
}

/** The backend set by an ancestor component (the app shell, or a test). */
export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(BACKEND);
  if (!backend) {
    throw new Error('No backend in context: mount the component inside App or pass backendContext().');
  }
  return backend;
}

/** A context map holding `backend`, for `mount()` or a test's `render()`. */
export function backendContext(backend: Backend): Map<unknown, unknown> {
  return new Map<unknown, unknown>([[BACKEND, backend]]);
}
