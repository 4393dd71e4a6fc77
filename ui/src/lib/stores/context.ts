import { getContext, setContext } from 'svelte';

import type { Browse } from './browse.svelte';
import type { Connections } from './connections.svelte';
import { Drafts } from './drafts.svelte';
import type { Workspace } from './workspace.svelte';
import type { Navigator } from './nav.svelte';
import type { SettingsStore } from './settings.svelte';
import type { Transfers } from './transfers.svelte';
import type { Uploads } from './uploads.svelte';
import type { WebUploads } from '../web-uploads/web-uploads.svelte';

const WORKSPACE = Symbol('rushes.workspace');

/** Makes `library` available to the calling component and its children. */
export function setWorkspace(library: Workspace): Workspace {
  return setContext(WORKSPACE, library);
}

/** The workspace store (what is open, on which connection) set by the app shell. */
export function getWorkspace(): Workspace {
  const library = getContext<Workspace | undefined>(WORKSPACE);
  if (!library) throw new Error('No workspace in context: mount the component inside App.');
  return library;
}

/** The workspace store when the component is inside the app shell, else `null`. */
export function findWorkspace(): Workspace | null {
  return getContext<Workspace | undefined>(WORKSPACE) ?? null;
}

/** A context map holding `library`, for a test's `render()`. */
export function workspaceContext(library: Workspace): Map<unknown, unknown> {
  return new Map<unknown, unknown>([[WORKSPACE, library]]);
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
export function connectionsContext(connections: Connections, library?: Workspace): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>([[CONNECTIONS, connections]]);
  if (library) map.set(WORKSPACE, library);
  return map;
}

const BROWSE = Symbol('rushes.browse');
const NAVIGATOR = Symbol('rushes.navigator');
const SETTINGS = Symbol('rushes.settings');

/** Makes the browse store (the open folder's entries and view options) available below. */
export function setBrowse(browse: Browse): Browse {
  return setContext(BROWSE, browse);
}

/** The browse store set by the app shell. */
export function getBrowse(): Browse {
  const browse = getContext<Browse | undefined>(BROWSE);
  if (!browse) throw new Error('No browse store in context: mount the component inside App.');
  return browse;
}

/** Makes the navigator (which view the main area shows) available below. */
export function setNavigator(nav: Navigator): Navigator {
  return setContext(NAVIGATOR, nav);
}

/** The navigator set by the app shell, or `null` outside it (components tested alone). */
export function getNavigator(): Navigator | null {
  return getContext<Navigator | undefined>(NAVIGATOR) ?? null;
}

/** Makes the settings store available below. */
export function setSettings(settings: SettingsStore): SettingsStore {
  return setContext(SETTINGS, settings);
}

/** The settings store set by the app shell. */
export function getSettings(): SettingsStore {
  const settings = getContext<SettingsStore | undefined>(SETTINGS);
  if (!settings) throw new Error('No settings in context: mount the component inside App.');
  return settings;
}

const TRANSFERS = Symbol('rushes.transfers');
const UPLOADS = Symbol('rushes.uploads');

/** Makes the transfer queue available below. */
export function setTransfers(transfers: Transfers): Transfers {
  return setContext(TRANSFERS, transfers);
}

/** The transfer queue set by the app shell. */
export function getTransfers(): Transfers {
  const transfers = getContext<Transfers | undefined>(TRANSFERS);
  if (!transfers) throw new Error('No transfers store in context: mount the component inside App.');
  return transfers;
}

/** Makes the uploads (drops, picks, the clash questions) available below. */
export function setUploads(uploads: Uploads): Uploads {
  return setContext(UPLOADS, uploads);
}

/** The uploads set by the app shell. */
export function getUploads(): Uploads {
  const uploads = getContext<Uploads | undefined>(UPLOADS);
  if (!uploads) throw new Error('No uploads store in context: mount the component inside App.');
  return uploads;
}

const WEB_UPLOADS = Symbol('rushes.web-uploads');

/** The browser app's uploads (none in the desktop app, whose engine uploads). */
export function setWebUploads(uploads: WebUploads): WebUploads {
  return setContext(WEB_UPLOADS, uploads);
}

export function getWebUploads(): WebUploads | null {
  return getContext<WebUploads | undefined>(WEB_UPLOADS) ?? null;
}

const DRAFTS = Symbol('rushes.drafts');

/** Makes the drafts (typing not yet sent or saved, per file) available below. */
export function setDrafts(drafts: Drafts): Drafts {
  return setContext(DRAFTS, drafts);
}

/** The drafts set by the app shell; a component alone gets its own (kept while it lives). */
export function getDrafts(): Drafts {
  return getContext<Drafts | undefined>(DRAFTS) ?? setDrafts(new Drafts());
}

/** The stores a test can put in context. */
export interface Stores {
  library?: Workspace;
  connections?: Connections;
  browse?: Browse;
  nav?: Navigator;
  settings?: SettingsStore;
  transfers?: Transfers;
  uploads?: Uploads;
  drafts?: Drafts;
}

/** A context map for a test's `render()`: whichever stores are given. */
export function storesContext(stores: Stores): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>();
  if (stores.library) map.set(WORKSPACE, stores.library);
  if (stores.connections) map.set(CONNECTIONS, stores.connections);
  if (stores.browse) map.set(BROWSE, stores.browse);
  if (stores.nav) map.set(NAVIGATOR, stores.nav);
  if (stores.settings) map.set(SETTINGS, stores.settings);
  if (stores.transfers) map.set(TRANSFERS, stores.transfers);
  if (stores.uploads) map.set(UPLOADS, stores.uploads);
  if (stores.drafts) map.set(DRAFTS, stores.drafts);
  return map;
}
