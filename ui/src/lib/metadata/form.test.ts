import { describe, expect, it } from 'vitest';

import { fieldProblems, newField, patchFor, toForm } from './form';

describe('the metadata form', () => {
  it('puts slate keys in their boxes and the rest in rows', () => {
    const form = toForm({ scene: '12', take: '3', lens: '35mm' });
    expect(form.slate).toEqual({ reel: '', scene: '12', shot: '', take: '3' });
    expect(form.fields.map((f) => [f.key, f.value])).toEqual([['lens', '35mm']]);
  });

  it('patches only what changed: set, remove, rename in one request', () => {
    const before = { scene: '12', lens: '35mm', note: 'soft focus' };
    const form = toForm(before);
    form.slate.scene = '12A';
    form.slate.take = '4';
    form.fields[0]!.key = 'lens_mm';
    form.fields = form.fields.filter((f) => f.key !== 'note');
    expect(patchFor(before, form)).toEqual({ scene: '12A', take: '4', lens: null, lens_mm: '35mm', note: null });
  });

  it('sends nothing when nothing changed, and ignores blank new rows', () => {
    const before = { scene: '12' };
    const form = toForm(before);
    form.fields.push(newField());
    expect(patchFor(before, form)).toEqual({});
    expect(fieldProblems(form).size).toBe(0);
  });

  it('names each row’s problem: no name, technical, slate, duplicate', () => {
    const form = toForm({ scene: '1' });
    const rows = [
      { ...newField(), value: 'x' },
      { ...newField(), key: 'Duration', value: '1' },
      { ...newField(), key: 'Scene', value: '2' },
      { ...newField(), key: 'camera', value: 'A' },
      { ...newField(), key: 'camera', value: 'B' },
    ];
    form.fields = rows;
    const problems = fieldProblems(form);
    expect(problems.get(rows[0]!.id)).toBe('Give the field a name.');
    expect(problems.get(rows[1]!.id)).toMatch(/technical field/);
    expect(problems.get(rows[2]!.id)).toMatch(/slate/);
    expect(problems.has(rows[3]!.id)).toBe(false);
    expect(problems.get(rows[4]!.id)).toMatch(/already a field called “camera”/);
  });
});
