import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { workspaceContext } from '../stores/context';
import { Workspace } from '../stores/workspace.svelte';
import ProjectUsage from './ProjectUsage.svelte';

async function setup(usage: { used_bytes: number; limit_bytes: number | null } | null) {
  const backend = new MemoryBackend();
  const project = await backend.createProject({ name: 'Feature', description: '' });
  if (usage) backend.projectUsages.set(project.id, usage);
  const library = new Workspace(backend);
  render(ProjectUsage, { props: { projectId: project.id }, context: workspaceContext(library) });
  return { backend, project };
}

describe('ProjectUsage', () => {
  it('shows what the project uses against its quota', async () => {
    await setup({ used_bytes: 3_100_000_000, limit_bytes: 100_000_000_000 });
    await waitFor(() => expect(screen.getByTestId('project-usage')).toHaveTextContent('Project: 3.1 GB of 100 GB used'));
    expect(screen.getByTestId('project-usage')).not.toHaveClass('full');
  });

  it('marks a project close to its quota', async () => {
    await setup({ used_bytes: 95_000_000_000, limit_bytes: 100_000_000_000 });
    await waitFor(() => expect(screen.getByTestId('project-usage')).toHaveClass('full'));
  });

  it('says only what is used when the server sets no limit', async () => {
    await setup({ used_bytes: 2_000_000, limit_bytes: null });
    await waitFor(() => expect(screen.getByTestId('project-usage')).toHaveTextContent('Project: 2 MB used'));
  });

  it('shows nothing when the server does not report it', async () => {
    await setup(null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByTestId('project-usage')).toBeNull();
  });
});
