// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Only lib/backend may talk to Tauri: everything else goes through the Backend interface, so it
// can run against a fake in tests and in a plain browser.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BACKEND = join(SRC, 'lib', 'backend') + sep;
const TAURI_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]@tauri-apps\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|svelte)$/.test(entry.name) ? [path] : [];
  });
}

describe('the backend boundary', () => {
  it('recognises the ways a module can be imported', () => {
    for (const line of [
      "import { invoke } from '@tauri-apps/api/core';",
      'import "@tauri-apps/plugin-dialog";',
      "const m = await import('@tauri-apps/api/event');",
      "export { listen } from '@tauri-apps/api/event';",
      "const x = require('@tauri-apps/api');",
    ]) {
      expect(line).toMatch(TAURI_IMPORT);
    }
    expect("import { invoke } from './backend';").not.toMatch(TAURI_IMPORT);
  });

  it('keeps every @tauri-apps import inside lib/backend', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files
      .filter((file) => !file.startsWith(BACKEND))
      .filter((file) => TAURI_IMPORT.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
