import type {
  ApiKey,
  Authorization,
  CreatedApiKey,
  CreatedOAuthApp,
  CreatedUser,
  DevCode,
  FolderMember,
  Member,
  NewDevCode,
  NewOAuthApp,
  NewUser,
  OAuthApp,
  OAuthAppUpdate,
  Role,
  RoleSource,
  User,
} from '../api-types';
import { BackendError } from './errors';
import type { MemoryTree } from './memory-files';

const ROLES: readonly Role[] = ['viewer', 'commenter', 'editor', 'manager'];
const rank = (role: Role) => ROLES.indexOf(role);

/** One grant: on a whole project (`folderId` null) or on a folder. */
interface Grant {
  userId: number;
  projectId: number;
  folderId: number | null;
  role: Role;
}

/**
 * People, roles and the account's credentials for the in-memory backend: members with their
 * effective roles and where they come from, API keys, OAuth apps and authorizations. The
 * caller is the first user, a server admin, like the owner of the local library.
 */
export class MemoryAccount {
  readonly #tree: MemoryTree;
  readonly users: User[] = [];
  readonly #grants: Grant[] = [];
  readonly #keys: ApiKey[] = [];
  readonly #apps: OAuthApp[] = [];
  readonly authorizations: Authorization[] = [];
  #secrets = 0;

  constructor(tree: MemoryTree) {
    this.#tree = tree;
  }

  /** Adds an account at once (for seeding and tests). */
  addUser(email: string, name = email.split('@')[0] ?? email, isAdmin = false): User {
    if (this.users.some((u) => u.email === email)) {
      throw new BackendError('invalid', 'email: is already taken');
    }
    const user: User = {
      id: this.#tree.nextId(),
      email,
      name,
      is_admin: isAdmin,
      active: true,
      created_at: new Date().toISOString(),
    };
    this.users.push(user);
    return user;
  }

  /** Whoever creates a project becomes its manager, as on the server. */
  projectCreated(projectId: number): void {
    this.#grants.push({ userId: this.#tree.me().id, projectId, folderId: null, role: 'manager' });
  }

  find(email: string): User[] {
    const needle = email.trim().toLowerCase();
    return this.users.filter((u) => u.email.toLowerCase().includes(needle)).map((u) => ({ ...u }));
  }

  create(input: NewUser): CreatedUser {
    if (!input.email.includes('@')) throw new BackendError('invalid', 'email: is not an email address');
    const user = this.addUser(input.email, input.name ?? undefined, input.is_admin);
    const invited = !input.password;
    return {
      user: { ...user },
      invitation_url: invited ? `memory://invite?token=${++this.#secrets}` : null,
      invitation_expires_at: invited ? new Date(Date.now() + 7 * 86400_000).toISOString() : null,
    };
  }

  projectMembers(projectId: number): Member[] {
    this.#project(projectId);
    const userIds = [...new Set(this.#grants.filter((g) => g.projectId === projectId).map((g) => g.userId))];
    return userIds.map((id) => this.#member(projectId, id));
  }

  setProjectRole(projectId: number, userId: number, role: Role | null): Member {
    this.#project(projectId);
    this.#user(userId);
    const current = this.#grants.find((g) => g.projectId === projectId && g.folderId === null && g.userId === userId);
    const managers = this.#grants.filter((g) => g.projectId === projectId && g.folderId === null && g.role === 'manager');
    if (current?.role === 'manager' && role !== 'manager' && managers.length === 1 && !this.#tree.me().is_admin) {
      throw new BackendError('conflict', 'a project needs at least one manager; make someone else manager first');
    }
    this.#setGrant(projectId, null, userId, role);
    return this.#member(projectId, userId);
  }

  folderMembers(projectId: number, folderId: number): FolderMember[] {
    const path = this.#path(projectId, folderId);
    const userIds = [...new Set(this.#grants.filter((g) => g.projectId === projectId).map((g) => g.userId))];
    return userIds
      .map((id) => this.#folderMember(projectId, path, id))
      .filter((m): m is FolderMember => m !== null);
  }

  setFolderRole(projectId: number, folderId: number, userId: number, role: Role | null): FolderMember | null {
    const path = this.#path(projectId, folderId);
    this.#user(userId);
    this.#setGrant(projectId, folderId, userId, role);
    return this.#folderMember(projectId, path, userId);
  }

  listKeys(): ApiKey[] {
    return this.#keys.map((k) => ({ ...k }));
  }

  createKey(name: string): CreatedApiKey {
    if (name.trim() === '') throw new BackendError('invalid', 'name: can’t be blank');
    const secret = `rk_memory_${++this.#secrets}_${Math.random().toString(36).slice(2)}`;
    const key: ApiKey = {
      id: this.#tree.nextId(),
      name: name.trim(),
      prefix: secret.slice(0, 10),
      created_at: new Date().toISOString(),
      last_used_at: null,
    };
    this.#keys.push(key);
    return { ...key, secret };
  }

  deleteKey(id: number): void {
    const at = this.#keys.findIndex((k) => k.id === id);
    if (at < 0) throw new BackendError('not_found', 'That API key does not exist (any more).');
    this.#keys.splice(at, 1);
  }

  listApps(): OAuthApp[] {
    return structuredClone(this.#apps);
  }

  createApp(input: NewOAuthApp): CreatedOAuthApp {
    if (input.name.trim() === '') throw new BackendError('invalid', 'name: can’t be blank');
    const uris = checkUris(input.redirect_uris);
    const now = new Date().toISOString();
    const id = this.#tree.nextId();
    const clientId = `rca_${id}_${Math.random().toString(36).slice(2, 10)}`;
    const app: OAuthApp = {
      id,
      name: input.name.trim(),
      client_id: clientId,
      public: input.public,
      redirect_uris: uris.map((uri) => ({ uri, authorize_url: authorizeUrl(clientId, uri) })),
      created_at: now,
      updated_at: now,
    };
    this.#apps.push(app);
    return { ...structuredClone(app), client_secret: input.public ? null : this.#newSecret() };
  }

  updateApp(id: number, update: OAuthAppUpdate): OAuthApp {
    const app = this.#app(id);
    if (update.name !== undefined) {
      if (update.name.trim() === '') throw new BackendError('invalid', 'name: can’t be blank');
      app.name = update.name.trim();
    }
    if (update.redirect_uris !== undefined) {
      app.redirect_uris = checkUris(update.redirect_uris).map((uri) => ({ uri, authorize_url: authorizeUrl(app.client_id, uri) }));
    }
    app.updated_at = new Date().toISOString();
    return structuredClone(app);
  }

  deleteApp(id: number): void {
    this.#app(id);
    this.#apps.splice(
      this.#apps.findIndex((a) => a.id === id),
      1,
    );
  }

  rotateSecret(id: number): CreatedOAuthApp {
    const app = this.#app(id);
    if (app.public) throw new BackendError('invalid', 'public apps have no secret');
    return { ...structuredClone(app), client_secret: this.#newSecret() };
  }

  generateCode(id: number, request: NewDevCode): DevCode {
    const app = this.#app(id);
    const uri = request.redirect_uri ?? app.redirect_uris[0]?.uri;
    if (!uri || !app.redirect_uris.some((r) => r.uri === uri)) {
      throw new BackendError('invalid', 'redirect_uri: is not one of the app’s redirect URIs');
    }
    return { code: `rcd_${++this.#secrets}`, redirect_uri: uri, expires_in: 600 };
  }

  revokeAuthorization(id: number): void {
    const at = this.authorizations.findIndex((a) => a.id === id);
    if (at < 0) throw new BackendError('not_found', 'That authorization does not exist (any more).');
    this.authorizations.splice(at, 1);
  }

  #newSecret(): string {
    return `rcs_memory_${++this.#secrets}_${Math.random().toString(36).slice(2)}`;
  }

  #setGrant(projectId: number, folderId: number | null, userId: number, role: Role | null): void {
    const at = this.#grants.findIndex((g) => g.projectId === projectId && g.folderId === folderId && g.userId === userId);
    if (at >= 0) this.#grants.splice(at, 1);
    if (role !== null) this.#grants.push({ userId, projectId, folderId, role });
  }

  #member(projectId: number, userId: number): Member {
    const user = this.#user(userId);
    const mine = this.#grants.filter((g) => g.projectId === projectId && g.userId === userId);
    return {
      user: { id: user.id, name: user.name, email: user.email },
      role: mine.find((g) => g.folderId === null)?.role ?? null,
      folders: mine
        .filter((g) => g.folderId !== null)
        .map((g) => ({
          folder_id: g.folderId as number,
          folder_name: this.#tree.folders.find((f) => f.id === g.folderId)?.name ?? '',
          role: g.role,
        })),
    };
  }

  #folderMember(projectId: number, path: readonly number[], userId: number): FolderMember | null {
    const user = this.#user(userId);
    const sources: RoleSource[] = [];
    for (const place of [null, ...path]) {
      const grant = this.#grants.find((g) => g.projectId === projectId && g.folderId === place && g.userId === userId);
      if (grant) {
        sources.push({
          folder_id: place,
          folder_name: place === null ? null : (this.#tree.folders.find((f) => f.id === place)?.name ?? null),
          role: grant.role,
        });
      }
    }
    if (sources.length === 0) return null;
    const role = sources.reduce<Role>((best, s) => (rank(s.role) > rank(best) ? s.role : best), 'viewer');
    return { user: { id: user.id, name: user.name, email: user.email }, role, sources };
  }

  /** The folder ids from the top of the project down to `folderId`. */
  #path(projectId: number, folderId: number): number[] {
    const path: number[] = [];
    let id: number | null = folderId;
    while (id !== null) {
      const folder = this.#tree.folders.find((f) => f.id === id && f.project_id === projectId);
      if (!folder) throw new BackendError('not_found', `Folder ${folderId} does not exist.`);
      path.unshift(folder.id);
      id = folder.parent_id;
    }
    return path;
  }

  #project(id: number): void {
    if (!this.#tree.projects.some((p) => p.id === id)) throw new BackendError('not_found', `Project ${id} does not exist.`);
  }

  #user(id: number): User {
    const user = this.users.find((u) => u.id === id);
    if (!user) throw new BackendError('not_found', `User ${id} does not exist.`);
    return user;
  }

  #app(id: number): OAuthApp {
    const app = this.#apps.find((a) => a.id === id);
    if (!app) throw new BackendError('not_found', 'That app does not exist (any more).');
    return app;
  }
}

function checkUris(uris: readonly string[]): string[] {
  const cleaned = uris.map((u) => u.trim()).filter((u) => u !== '');
  if (cleaned.length === 0) throw new BackendError('invalid', 'redirect_uris: add at least one redirect URI');
  for (const uri of cleaned) {
    try {
      new URL(uri);
    } catch {
      throw new BackendError('invalid', `redirect_uris: ${uri} is not an absolute URI`);
    }
  }
  return cleaned;
}

function authorizeUrl(clientId: string, uri: string): string {
  const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: uri });
  return `memory://oauth/authorize?${query.toString()}`;
}
