import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import App from './App.svelte';
import { BackendError, type Backend } from './lib/backend';
import { MemoryBackend } from './lib/backend/memory';
import { putFile, serverBackend, unique } from './testing/server';

function renderApp<B extends Backend>(backend: B) {
  const user = userEvent.setup();
  render(App, { props: { backend } });
  return { user, backend };
}

/** The app for a fresh account of the test server (no projects yet). */
async function renderFresh() {
  const { backend, account } = await serverBackend();
  return { ...renderApp(backend), account };
}

const projectItems = () => screen.queryAllByTestId('project-item').map((el) => el.textContent?.trim());
const folderItems = () => screen.queryAllByTestId('folder-item').map((el) => el.textContent?.trim());

/** Night Shoot with Day 01 (A-cam inside) and Day 02, on the test server. */
async function seeded() {
  const { backend, account } = await serverBackend();
  const project = await backend.createProject({ name: unique('Night Shoot'), description: '' }, 'local');
  const day1 = await backend.createFolder(project.id, { name: 'Day 01', parent_id: null }, 'local');
  const day2 = await backend.createFolder(project.id, { name: 'Day 02', parent_id: null }, 'local');
  await backend.createFolder(project.id, { name: 'A-cam', parent_id: day1.id }, 'local');
  return { backend, account, project, day1, day2 };
}

describe('the library screen', () => {
  it('says when the library is ready and where its server is', async () => {
    renderApp(new MemoryBackend());
    const status = screen.getByTestId('library-status');
    await waitFor(() => expect(status).toHaveAttribute('data-url', 'memory://library'));
    expect(status).toHaveTextContent('Ready');
  });

  it('shows a loading state, never a blank screen, until the library answers', async () => {
    renderApp(new MemoryBackend({ latencyMs: 50 }));
    expect(screen.getByText('Opening the local library…')).toBeInTheDocument();
    expect(screen.getByTestId('library-status')).toHaveTextContent('Starting…');
    await screen.findByText('No projects yet — create one to start');
  });

  it('invites to create the first project when there is none', async () => {
    await renderFresh();
    expect(await screen.findByText('No projects yet — create one to start')).toBeInTheDocument();
    expect(projectItems()).toEqual([]);
  });

  it('creates a project through the dialog, lists it and opens it', async () => {
    const { user, backend } = await renderFresh();
    await screen.findByText('No projects yet — create one to start');

    await user.click(screen.getByTestId('new-project'));
    const dialog = screen.getByRole('dialog', { name: 'New project' });
    const name = within(dialog).getByLabelText('Name');
    expect(name).toHaveFocus();
    expect(name).toBe(screen.getByTestId('project-name'));
    const title = unique('Night Shoot');
    await user.type(name, title);
    await user.type(within(dialog).getByLabelText('Description (optional)'), 'Exteriors');
    await user.click(screen.getByTestId('project-submit'));

    await waitFor(() => expect(projectItems()).toEqual([title]));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('project-item')).toHaveAttribute('aria-current', 'true');
    expect(await screen.findByText('This project is empty')).toBeInTheDocument();
    expect(await backend.listProjects('local')).toMatchObject([{ name: title, description: 'Exteriors' }]);
    await waitFor(() => expect(screen.getByTestId('new-project')).toHaveFocus());
  });

  it('submits with Enter and trims the name', async () => {
    const { user, backend } = await renderFresh();
    const title = unique('Commercial');
    await user.click(screen.getByTestId('new-project'));
    await user.keyboard(`  ${title}  {Enter}`);
    await waitFor(() => expect(projectItems()).toEqual([title]));
    expect((await backend.listProjects('local'))[0]?.name).toBe(title);
  });

  it('shows a taken name inline, under the field, and keeps the dialog open', async () => {
    const { backend, project } = await seeded();
    const { user } = renderApp(backend);
    await waitFor(() => expect(projectItems()).toEqual([project.name]));

    await user.click(screen.getByTestId('new-project'));
    await user.type(screen.getByTestId('project-name'), project.name);
    await user.click(screen.getByTestId('project-submit'));

    const name = screen.getByTestId('project-name');
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription(
      `There is already a project called “${project.name}”. Choose another name.`,
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(projectItems()).toEqual([project.name]);
  });

  it('explains an invalid name in plain words', async () => {
    const { user } = await renderFresh();
    await user.click(screen.getByTestId('new-project'));
    await user.type(screen.getByTestId('project-name'), 'Day 1/2');
    await user.click(screen.getByTestId('project-submit'));
    expect(await screen.findByText('Names can’t contain “/”.')).toBeInTheDocument();
  });

  it('shows other failures for the whole form, not the field', async () => {
    const { backend } = await serverBackend();
    vi.spyOn(backend, 'createProject').mockRejectedValueOnce(
      new BackendError('offline', 'connection refused'),
    );
    const { user } = renderApp(backend);
    await user.click(screen.getByTestId('new-project'));
    await user.type(screen.getByTestId('project-name'), 'Night Shoot');
    await user.click(screen.getByTestId('project-submit'));
    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The server could not be reached. Check the network, or that the server is running, then try again. (connection refused)',
    );
    expect(screen.getByTestId('project-name')).not.toHaveAttribute('aria-invalid');
  });

  it('cancels with Escape and gives focus back', async () => {
    const { user, backend } = await renderFresh();
    await screen.findByText('No projects yet — create one to start');
    await user.click(screen.getByTestId('new-project'));
    await user.type(screen.getByTestId('project-name'), 'Draft');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('new-project')).toHaveFocus());
    expect(await backend.listProjects('local')).toEqual([]);
  });

  it('shows an error with Retry when the projects cannot be loaded', async () => {
    const { backend, project } = await seeded();
    vi.spyOn(backend, 'listProjects').mockRejectedValueOnce(
      new BackendError('internal', 'the local library failed: database is locked'),
    );
    const { user } = renderApp(backend);
    const main = screen.getByRole('main');
    expect(
      await within(main).findByText(
        'Something went wrong: the local library failed: database is locked. If it keeps happening, restart Rushes.',
      ),
    ).toBeInTheDocument();
    await user.click(within(main).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(projectItems()).toEqual([project.name]));
  });

  it('warns calmly when the library key is kept in a file', async () => {
    renderApp(
      new MemoryBackend({
        status: {
          url: 'http://127.0.0.1:1234',
          data_dir: '/home/ed/.local/share/rushes',
          secret_storage: {
            kind: 'fallback_file',
            path: '/home/ed/.local/share/rushes/library.key',
            reason: 'no Secret Service on the session bus',
          },
        },
      }),
    );
    const notice = await screen.findByRole('note');
    expect(notice).toHaveTextContent(
      'Rushes can’t use a system keychain on this computer, so it keeps your sign-ins and the library’s key in a file only your user account can read',
    );
    expect(notice).toHaveTextContent('/home/ed/.local/share/rushes/library.key');
    expect(within(notice).getByTestId('keychain-reason')).toHaveTextContent('no Secret Service on the session bus');
  });

  it('lets the keychain notice be folded away once read, and opened again', async () => {
    const { user } = renderApp(
      new MemoryBackend({
        status: {
          url: 'http://127.0.0.1:1234',
          data_dir: '/d',
          secret_storage: { kind: 'fallback_file', path: '/d/secrets.json', reason: 'org.freedesktop.secrets was not provided' },
        },
      }),
    );
    const notice = await screen.findByTestId('keychain-notice');
    await user.click(within(notice).getByRole('button', { name: 'Got it' }));
    expect(notice).not.toHaveTextContent('keeps your sign-ins');
    const toggle = within(notice).getByRole('button', { name: 'No system keychain' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(notice).toHaveTextContent('keeps your sign-ins');
  });

  it('shows no keychain warning when the keychain is used', async () => {
    renderApp(new MemoryBackend());
    await waitFor(() => expect(screen.getByTestId('library-status')).toHaveTextContent('Ready'));
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });
});

describe('folders', () => {
  it('navigates into folders and back with the breadcrumbs', async () => {
    const { backend, project } = await seeded();
    const { user } = renderApp(backend);
    await user.click(await screen.findByTestId('project-item'));
    await waitFor(() => expect(folderItems()).toEqual(['Day 01', 'Day 02']));

    const crumbs = () => screen.getByRole('navigation', { name: 'Breadcrumbs' });
    expect(crumbs()).toHaveTextContent(project.name);

    // A single click selects (as in a media pool); a double click or Enter opens.
    const main = screen.getByRole('main');
    await user.dblClick(within(main).getByText('Day 01'));
    await waitFor(() => expect(folderItems()).toEqual(['A-cam']));
    expect(within(crumbs()).getByText('Day 01')).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getAllByTestId('folder-item')[0]!);
    expect(within(screen.getByRole('listbox')).getByRole('option', { selected: true })).toHaveTextContent('A-cam');
    await user.keyboard('{Enter}');
    expect(await screen.findByText('This folder is empty')).toBeInTheDocument();
    expect(crumbs().textContent?.replace(/\s+/g, '')).toBe(`${project.name}/Day01/A-cam`.replace(/\s+/g, ''));

    await user.click(within(crumbs()).getByRole('button', { name: project.name }));
    await waitFor(() => expect(folderItems()).toEqual(['Day 01', 'Day 02']));
  });

  it('creates a folder in the open folder', async () => {
    const { backend, project, day2 } = await seeded();
    const { user } = renderApp(backend);
    await user.click(await screen.findByTestId('project-item'));
    await user.dblClick(await within(screen.getByRole('main')).findByText('Day 02'));
    await screen.findByText('This folder is empty');

    await user.click(screen.getByTestId('new-folder'));
    expect(screen.getByRole('dialog', { name: 'New folder in Day 02' })).toBeInTheDocument();
    expect(screen.getByTestId('folder-name')).toHaveFocus();
    await user.type(screen.getByTestId('folder-name'), 'Sound');
    await user.click(screen.getByTestId('folder-submit'));

    await waitFor(() => expect(folderItems()).toEqual(['Sound']));
    expect((await backend.listFolders(project.id, day2.id, 'local')).map((f) => f.name)).toEqual(['Sound']);
    await waitFor(() => expect(screen.getByTestId('new-folder')).toHaveFocus());
  });

  it('shows a folder name taken among siblings inline', async () => {
    const { user } = renderApp((await seeded()).backend);
    await user.click(await screen.findByTestId('project-item'));
    await screen.findAllByTestId('folder-item');
    await user.click(screen.getByTestId('new-folder'));
    await user.type(screen.getByTestId('folder-name'), 'Day 01{Enter}');
    expect(
      await screen.findByText('There is already a folder called “Day 01” here. Choose another name.'),
    ).toBeInTheDocument();
  });

  it('expands and collapses the tree in the sidebar, loading children lazily', async () => {
    const { backend } = await seeded();
    const listFolders = vi.spyOn(backend, 'listFolders');
    const { user } = renderApp(backend);
    await user.click(await screen.findByTestId('project-item'));
    const sidebar = screen.getByRole('navigation', { name: 'Projects and folders' });
    await within(sidebar).findByText('Day 01');
    expect(within(sidebar).queryByText('A-cam')).not.toBeInTheDocument();
    expect(listFolders).toHaveBeenCalledTimes(1);

    const expand = within(sidebar).getByRole('button', { name: 'Expand Day 01' });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    await user.click(expand);
    expect(await within(sidebar).findByText('A-cam')).toBeInTheDocument();
    expect(listFolders).toHaveBeenCalledTimes(2);

    await user.click(within(sidebar).getByRole('button', { name: 'Collapse Day 01' }));
    expect(within(sidebar).queryByText('A-cam')).not.toBeInTheDocument();

    // Arrow keys do the same on a focused folder; children are not fetched twice.
    within(sidebar).getAllByTestId('tree-folder')[0]!.focus();
    await user.keyboard('{ArrowRight}');
    expect(await within(sidebar).findByText('A-cam')).toBeInTheDocument();
    expect(listFolders).toHaveBeenCalledTimes(2);
  });

  it('opens a folder from the tree', async () => {
    const { user } = renderApp((await seeded()).backend);
    await user.click(await screen.findByTestId('project-item'));
    const sidebar = screen.getByRole('navigation', { name: 'Projects and folders' });
    await user.click(await within(sidebar).findByRole('button', { name: 'Day 01' }));
    await waitFor(() => expect(folderItems()).toEqual(['A-cam']));
  });

  it('shows an error with Retry when a folder cannot be listed', async () => {
    const { backend } = await seeded();
    vi.spyOn(backend, 'listFolders').mockRejectedValueOnce(
      new BackendError('not_found', 'Project 1 does not exist.'),
    );
    const { user } = renderApp(backend);
    await user.click(await screen.findByTestId('project-item'));
    const main = screen.getByRole('main');
    expect(await within(main).findByText('Couldn’t load this folder')).toBeInTheDocument();
    await user.click(within(main).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(folderItems()).toEqual(['Day 01', 'Day 02']));
  });

  describe('focus and selection after going back', () => {
    it('selects the file you came from and focuses the list after Back from review', async () => {
      const { backend, account, project, day1 } = await seeded();
      await putFile(account, project.id, day1.id, 'A001.mov', '0123456789', 'video/quicktime');
      await putFile(account, project.id, day1.id, 'A002.mov', '0123456789', 'video/quicktime');
      const { user } = renderApp(backend);
      await user.click(await screen.findByTestId('project-item'));
      const sidebar = screen.getByRole('complementary', { name: 'Local library' });
      await user.click(await within(sidebar).findByRole('button', { name: 'Day 01' }));
      // The whole folder, its subfolder first: a row must not move under the pointer.
      const rows = () =>
        screen.queryAllByTestId('browse-row').map((row) => row.querySelector('[data-testid$="-item"]')?.textContent?.trim());
      await waitFor(() => expect(rows()).toEqual(['A-cam', 'A001.mov', 'A002.mov']));
      await user.dblClick(screen.getByText('A002.mov'));
      expect(await screen.findByTestId('review-title')).toHaveTextContent('A002.mov');
      await user.click(screen.getByTestId('review-back'));
      const again = await screen.findByTestId('browse-items');
      await waitFor(() => expect(again).toHaveFocus());
      // The folder is listed again from the server; the file comes back selected once it is.
      await waitFor(() =>
        expect(document.getElementById(again.getAttribute('aria-activedescendant') ?? '')).toHaveTextContent('A002.mov'),
      );
    });

    it('gives focus back to the button that opened a screen', async () => {
      const { user } = renderApp((await seeded()).backend);
      await user.click(await screen.findByTestId('open-settings'));
      await user.click(await screen.findByRole('button', { name: /Back/ }));
      expect(screen.getByTestId('open-settings')).toHaveFocus();
    });
  });
});
