// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { descriptionProblem, nameProblem } from './names';

describe('nameProblem', () => {
  it('accepts ordinary names', () => {
    for (const name of ['Night Shoot', 'Day 01', 'v1.2', '...', 'Außen – Nacht', '撮影']) {
      expect(nameProblem(name)).toBeNull();
    }
  });

  it('explains each rule in plain words', () => {
    expect(nameProblem('')).toBe('Enter a name.');
    expect(nameProblem('   ')).toBe('Enter a name.');
    expect(nameProblem('a/b')).toMatch(/can’t contain “\/”/);
    expect(nameProblem('a\u0000b')).toMatch(/control characters/);
    expect(nameProblem('a\u0085b')).toMatch(/control characters/);
    expect(nameProblem('clip\u202Evom.exe')).toMatch(/direction controls/);
    expect(nameProblem('a\u2066b')).toMatch(/direction controls/);
    expect(nameProblem('con.')).toBeNull();
    expect(nameProblem('.')).toMatch(/reserved/);
    expect(nameProblem('..')).toMatch(/reserved/);
    expect(nameProblem('x'.repeat(256))).toMatch(/too long/);
  });

  it('counts bytes, not characters', () => {
    expect(nameProblem('€'.repeat(85))).toBeNull(); // 255 bytes
    expect(nameProblem('€'.repeat(86))).toMatch(/too long/); // 258 bytes
  });
});

describe('descriptionProblem', () => {
  it('accepts free text with line breaks, up to 4096 bytes', () => {
    expect(descriptionProblem('')).toBeNull();
    expect(descriptionProblem('Exteriors\nthree nights')).toBeNull();
    expect(descriptionProblem('x'.repeat(4096))).toBeNull();
  });

  it('refuses more than 4096 bytes and NUL', () => {
    expect(descriptionProblem('x'.repeat(4097))).toMatch(/too long/);
    expect(descriptionProblem('a\0b')).toMatch(/NUL/);
  });
});
