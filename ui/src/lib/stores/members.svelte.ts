import type { CreatedUser, FolderMember, Member, Role, User } from '../api-types';
import { BackendError, toBackendError, type Backend } from '../backend';
import { IDLE, type Listing } from './listing';

/** Roles lowest to highest, as the server ranks them. */
export const ROLES: readonly Role[] = ['viewer', 'commenter', 'editor', 'manager'];

/** What each role may do, in a few words, for the role pickers. */
export const ROLE_HINTS: Record<Role, string> = {
  viewer: 'See, play, download',
  commenter: 'Also comment',
  editor: 'Also upload, rename, move, delete, edit metadata',
  manager: 'Also manage members',
};

/** A person on the members screen, whichever place it is for. */
export interface MemberRow {
  readonly user: { id: number; name: string; email: string };
  /** The role they have here, all grants considered; `null` when only below (project screen). */
  readonly effective: Role | null;
  /** The role granted exactly here (what the picker changes); `null` when only inherited. */
  readonly here: Role | null;
  /**
   * The highest role they have from the project or a folder above (folder screen only): a role
   * granted here counts only when it is higher, so the picker offers nothing at or below it.
   */
  readonly above: Role | null;
  /** Where the effective role comes from, in words ("the project", "Day 01"). */
  readonly from: string[];
  /** Grants on folders further down (project screen only), in words. */
  readonly below: string[];
}

const rank = (role: Role) => ROLES.indexOf(role);

function fromProject(m: Member): MemberRow {
  return {
    user: m.user,
    effective: m.role,
    here: m.role,
    above: null,
    from: m.role ? ['the project'] : [],
    below: m.folders.map((g) => `${label(g.role)} on ${g.folder_name}`),
  };
}

function fromFolder(m: FolderMember, folderId: number): MemberRow {
  const best = m.sources.filter((s) => s.role === m.role);
  const above = m.sources
    .filter((s) => s.folder_id !== folderId)
    .reduce<Role | null>((high, s) => (high === null || rank(s.role) > rank(high) ? s.role : high), null);
  return {
    user: m.user,
    effective: m.role,
    here: m.sources.find((s) => s.folder_id === folderId)?.role ?? null,
    above,
    from: best.map((s) => (s.folder_id === null ? 'the project' : (s.folder_name ?? 'a folder above'))),
    below: [],
  };
}

/**
 * The roles worth offering in `row`'s picker: every role on the project screen; on a folder only
 * those above what the project or a folder above already gives (plus the one granted here), since
 * the highest role counts. Empty for someone who is already a manager from above.
 */
export function choices(row: MemberRow): Role[] {
  const floor = row.above;
  return ROLES.filter((role) => floor === null || rank(role) > rank(floor) || role === row.here);
}

/** "Editor" for "editor". */
export function label(role: Role): string {
  return role[0]!.toUpperCase() + role.slice(1);
}

/** The result of adding someone: who, and the invitation link when their account is new. */
export interface Added {
  readonly user: User | CreatedUser['user'];
  readonly invitationUrl: string | null;
}

/**
 * Who has which role on a project or a folder, and changing it: give a role, change it, take
 * it away, add someone by email (server admins may also create the account and get the link
 * that invites them).
 */
export class Members {
  readonly projectId: number;
  readonly folderId: number | null;
  readonly connection: string;
  readonly #backend: Backend;
  #requests = 0;

  list = $state.raw<Listing<MemberRow>>(IDLE);

  constructor(backend: Backend, connection: string, projectId: number, folderId: number | null) {
    this.#backend = backend;
    this.connection = connection;
    this.projectId = projectId;
    this.folderId = folderId;
  }

  async load(): Promise<void> {
    const request = ++this.#requests;
    this.list = { state: 'loading', items: this.list.items, error: null };
    try {
      const rows =
        this.folderId === null
          ? (await this.#backend.projectMembers(this.projectId, this.connection)).map(fromProject)
          : (await this.#backend.folderMembers(this.projectId, this.folderId, this.connection)).map((m) =>
              fromFolder(m, this.folderId as number),
            );
      rows.sort((a, b) => rank(b.effective ?? 'viewer') - rank(a.effective ?? 'viewer') || a.user.name.localeCompare(b.user.name));
      if (request === this.#requests) this.list = { state: 'ready', items: rows, error: null };
    } catch (reason) {
      if (request === this.#requests) this.list = { state: 'error', items: this.list.items, error: toBackendError(reason) };
    }
  }

  /** Gives `userId` `role` here (`null` takes the role here away); rejects with a `BackendError`. */
  async setRole(userId: number, role: Role | null): Promise<void> {
    try {
      if (this.folderId === null) await this.#backend.setProjectRole(this.projectId, userId, role, this.connection);
      else await this.#backend.setFolderRole(this.projectId, this.folderId, userId, role, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    await this.load();
  }

  /**
   * Adds the person with this email address with `role`. Rejects `not_found` when no account
   * uses the address (a server admin may then `invite`), `forbidden` when only admins may look
   * people up.
   */
  async add(email: string, role: Role): Promise<Added> {
    const wanted = email.trim().toLowerCase();
    let found: User[];
    try {
      found = await this.#backend.findUsers(wanted, this.connection);
    } catch (reason) {
      const error = toBackendError(reason);
      if (error.code === 'forbidden') {
        throw new BackendError(
          'forbidden',
          'Only server admins can look people up by email here. Ask an admin to add them.',
        );
      }
      throw error;
    }
    const user = found.find((u) => u.email.toLowerCase() === wanted);
    if (!user) throw new BackendError('not_found', `No account on this server uses ${email.trim()}.`);
    await this.setRole(user.id, role);
    return { user, invitationUrl: null };
  }

  /** Creates an account for `email` (server admins), gives it `role` and returns its invitation link. */
  async invite(email: string, role: Role): Promise<Added> {
    let created: CreatedUser;
    try {
      created = await this.#backend.createUser({ email: email.trim(), is_admin: false }, this.connection);
    } catch (reason) {
      throw toBackendError(reason);
    }
    await this.setRole(created.user.id, role);
    return { user: created.user, invitationUrl: created.invitation_url };
  }
}
