import { describe, expect, it } from 'vitest';

import type { AppErrorCode } from '../api-types';
import { stateWords, transferProblem } from './words';

describe('transfer words', () => {
  it('says each state plainly, by direction', () => {
    expect(stateWords({ state: 'sending', direction: 'upload', error: null })).toBe('Uploading');
    expect(stateWords({ state: 'sending', direction: 'download', error: null })).toBe('Downloading');
    expect(stateWords({ state: 'done', direction: 'download', error: null })).toBe('Downloaded');
    expect(stateWords({ state: 'queued', direction: 'upload', error: null })).toBe('Waiting');
    expect(stateWords({ state: 'paused', direction: 'upload', error: { code: 'unauthenticated', message: 'm' } })).toBe(
      'Paused by the app',
    );
  });

  const codes: AppErrorCode[] = [
    'offline', 'unauthenticated', 'forbidden', 'not_found', 'disk_full', 'quota_exceeded', 'conflict',
    'keychain', 'invalid', 'name_taken', 'cancelled', 'internal',
  ];
  it.each(codes)('says what to do about %s and keeps the engine’s words', (code) => {
    const text = transferProblem({ code, message: 'the detail' }, 'upload');
    expect(text).toContain('the detail');
    expect(text).toMatch(/Retry|Resume|Cancel/);
  });

  it('says a quota refusal is about room on the server, not about a role', () => {
    const text = transferProblem(
      { code: 'quota_exceeded', message: 'storage quota exceeded: this project has 95.0 GB of 100.0 GB used' },
      'upload',
    );
    expect(text).toMatch(/^The server has no room for it/);
    expect(text).toContain('95.0 GB of 100.0 GB used');
    expect(text).not.toMatch(/role/);
  });

  it('tells a missing upload source from a missing download', () => {
    expect(transferProblem({ code: 'not_found', message: 'x' }, 'upload')).toMatch(/^The local file/);
    expect(transferProblem({ code: 'not_found', message: 'x' }, 'download')).toMatch(/^The file is not on the server/);
  });
});
