import { backendContext, type Backend } from './backend';
import { storesContext, type Stores } from './stores/context';

/** The context a component rendered alone in a test needs: the backend and whichever stores. */
export function testContext(backend: Backend, stores: Stores = {}): Map<unknown, unknown> {
  return new Map([...backendContext(backend), ...storesContext(stores)]);
}
