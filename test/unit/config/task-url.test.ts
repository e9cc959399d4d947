import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSources } from '../../../src/config/sources.loader.js';
import { taskLinker, taskUrlFor } from '../../../src/config/task-url.js';
import { ConfigError } from '../../../src/config/domain-config.loader.js';

function sources(list: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'task-url-'));
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: list }));
  return loadSources(dir, '/var/dunghan', {});
}

function refusal(list: unknown[]): string {
  try {
    sources(list);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}

const IOFFICE = 'https://ioffice.hanam.gov.vn/van-ban/{id}';

describe('taskUrl in sources.json', () => {
  it('links a task by its id as the source knows it, without the source’s id prefix', () => {
    const [api, folder] = sources([
      { name: 'ioffice', kind: 'http-json', taskUrl: IOFFICE, options: { idPrefix: 'io' } },
      { name: 'inbox', kind: 'bundle-folder', options: { folder: '/x' } },
    ]);
    expect(taskUrlFor(api.taskUrl!, 'io:VB-2025-114')).toBe(
      'https://ioffice.hanam.gov.vn/van-ban/VB-2025-114',
    );
    // An id the adapter did not prefix is put in as it is.
    expect(taskUrlFor(api.taskUrl!, 'VB-7')).toBe('https://ioffice.hanam.gov.vn/van-ban/VB-7');
    expect(folder.taskUrl).toBeNull();
    const link = taskLinker([api, folder]);
    expect(link({ id: 'io:42', source: 'ioffice' })).toBe('https://ioffice.hanam.gov.vn/van-ban/42');
    // No link where the task's source has no template, or its source is unknown.
    expect(link({ id: 't1', source: 'inbox' })).toBeNull();
    expect(link({ id: 't1', source: null })).toBeNull();
  });

  it('percent-encodes the id, so it cannot leave the path or add a query', () => {
    const [api] = sources([{ name: 'a', kind: 'http-json', taskUrl: IOFFICE }]);
    expect(taskUrlFor(api.taskUrl!, '../admin?x=1&y="<b>"#z')).toBe(
      'https://ioffice.hanam.gov.vn/van-ban/..%2Fadmin%3Fx%3D1%26y%3D%22%3Cb%3E%22%23z',
    );
    expect(taskUrlFor(api.taskUrl!, 'số 12/VP')).toBe(
      'https://ioffice.hanam.gov.vn/van-ban/s%E1%BB%91%2012%2FVP',
    );
  });

  it.each([
    ['not an address', 'ioffice/{id}', 'must be an http(s) address'],
    ['a javascript: address', 'javascript:alert(1)//{id}', 'must be an http(s) address'],
    ['no {id}', 'https://ioffice.hanam.gov.vn/van-ban', 'must hold {id} exactly once'],
    ['two {id}', 'https://x.gov.vn/{id}/{id}', 'must hold {id} exactly once'],
    ['another hole', 'https://x.gov.vn/{year}/{id}', 'must hold {id} exactly once'],
  ])('refuses %s, naming the file and the field', (_, taskUrl, reason) => {
    expect(refusal([{ name: 'a', kind: 'http-json', taskUrl }])).toMatch(
      new RegExp(`sources\\.json: sources\\[0\\]\\.taskUrl: ${reason.replace(/[{}()]/g, '\\$&')}`),
    );
  });

  it('refuses it on a source whose ids are hashes, which the office system does not know', () => {
    expect(refusal([{ name: 'axis', kind: 'edxml', taskUrl: IOFFICE }])).toContain(
      'sources[0].taskUrl: a edxml source keeps hashed ids',
    );
  });
});
