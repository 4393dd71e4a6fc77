import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { MemoryBackend } from '../backend/memory';
import { dropTargetAt, FileDrops } from './drops';

/** A sidebar with two folders and an open folder's main area; points hit them by their ids. */
beforeEach(() => {
  document.body.innerHTML = `
    <aside>
      <div id="day1" data-drop-folder="11" data-drop-project="1" data-drop-connection="local" data-drop-name="Day 01">
        <button><span id="day1-label">Day 01</span></button>
      </div>
      <div id="day2" data-drop-folder="12" data-drop-project="1" data-drop-connection="local" data-drop-name="Day 02"></div>
      <div id="broken" data-drop-folder="x" data-drop-project="1" data-drop-connection="local"></div>
      <p id="heading">Projects</p>
    </aside>
    <main id="main" data-drop-current="13" data-drop-project="1" data-drop-connection="srv1" data-drop-name="Sound">
      <div id="list">
        <div id="row" data-drop-version="42" data-drop-name="A001.mov"><span id="row-label">A001.mov</span></div>
      </div>
    </main>`;
});

afterEach(() => {
  document.body.innerHTML = '';
});

/**
 * x picks the element: 1 Day 01's label, 2 Day 02, 3 the main area's list, 4 a heading, 5 a
 * broken target, 6 a file's row in the main area.
 */
const elementAt = (x: number) =>
  document.getElementById(['', 'day1-label', 'day2', 'list', 'heading', 'broken', 'row-label'][x] ?? '');

async function started() {
  const backend = new MemoryBackend();
  const ondrop = vi.fn();
  const onmiss = vi.fn();
  const drops = new FileDrops(backend, { ondrop, onmiss, elementAt });
  await drops.start();
  const fire = backend.transfers.fileDrop.bind(backend.transfers);
  const active = () => Array.from(document.querySelectorAll('[data-drop-active]')).map((e) => e.id);
  return { drops, ondrop, onmiss, fire, active };
}

describe('dropTargetAt', () => {
  it('finds the folder a point is over, from the element under it up', () => {
    expect(dropTargetAt(1, 0, elementAt)?.target).toEqual({ connection: 'local', projectId: 1, folderId: 11, folderName: 'Day 01' });
    expect(dropTargetAt(3, 0, elementAt)?.target).toEqual({ connection: 'srv1', projectId: 1, folderId: 13, folderName: 'Sound' });
    expect(dropTargetAt(3, 0, elementAt)?.element.id).toBe('main');
  });

  it('finds a file under the point as the target of a new version, in the open folder', () => {
    const hit = dropTargetAt(6, 0, elementAt);
    expect(hit?.element.id).toBe('row');
    expect(hit?.target).toEqual({
      connection: 'srv1',
      projectId: 1,
      folderId: 13,
      folderName: 'Sound',
      versionOf: { fileId: 42, name: 'A001.mov' },
    });
  });

  it('finds nothing outside the targets, or on a target without a folder id', () => {
    expect(dropTargetAt(4, 0, elementAt)).toBeNull();
    expect(dropTargetAt(5, 0, elementAt)).toBeNull();
    expect(dropTargetAt(9, 0, () => null)).toBeNull();
  });
});

describe('FileDrops', () => {
  it('highlights the target under the pointer while dragging, and clears it on leave', async () => {
    const { fire, active } = await started();
    fire({ type: 'enter', paths: ['/m/a.mov'], x: 1, y: 0 });
    expect(active()).toEqual(['day1']);
    fire({ type: 'over', x: 2, y: 0 });
    expect(active()).toEqual(['day2']);
    fire({ type: 'over', x: 4, y: 0 });
    expect(active()).toEqual([]);
    fire({ type: 'over', x: 3, y: 0 });
    expect(active()).toEqual(['main']);
    fire({ type: 'leave' });
    expect(active()).toEqual([]);
  });

  it('uploads a drop into the folder it landed on', async () => {
    const { fire, ondrop, onmiss, active } = await started();
    fire({ type: 'enter', paths: ['/m/a.mov', '/m/Card'], x: 2, y: 0 });
    fire({ type: 'drop', paths: ['/m/a.mov', '/m/Card'], x: 2, y: 0 });
    expect(ondrop).toHaveBeenCalledWith({ connection: 'local', projectId: 1, folderId: 12, folderName: 'Day 02' }, ['/m/a.mov', '/m/Card']);
    expect(onmiss).not.toHaveBeenCalled();
    expect(active()).toEqual([]);
  });

  it('says so when the drop landed elsewhere', async () => {
    const { fire, ondrop, onmiss } = await started();
    fire({ type: 'drop', paths: ['/m/a.mov'], x: 4, y: 0 });
    expect(ondrop).not.toHaveBeenCalled();
    expect(onmiss).toHaveBeenCalledWith('nowhere');
  });

  it('takes no drop while a dialog is open', async () => {
    const { fire, ondrop, onmiss, active } = await started();
    document.body.insertAdjacentHTML('beforeend', '<div role="dialog"></div>');
    fire({ type: 'over', x: 1, y: 0 });
    expect(active()).toEqual([]);
    fire({ type: 'drop', paths: ['/m/a.mov'], x: 1, y: 0 });
    expect(ondrop).not.toHaveBeenCalled();
    expect(onmiss).toHaveBeenCalledWith('dialog');
  });

  it('stops following drops, and clears the highlight, when stopped', async () => {
    const { drops, fire, ondrop, active } = await started();
    fire({ type: 'enter', paths: ['/m/a.mov'], x: 1, y: 0 });
    drops.stop();
    expect(active()).toEqual([]);
    fire({ type: 'drop', paths: ['/m/a.mov'], x: 1, y: 0 });
    expect(ondrop).not.toHaveBeenCalled();
  });
});
