import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_SECTIONS, type GeneratedItem } from '../../../src/demo/agency-generator.js';
import { writeBundle } from '../../../src/demo/bundle-writer.js';

const SOURCE = { system: 'test', exportedAt: '2025-03-10T18:00:00+07:00' };
const unit = (id: string): GeneratedItem => ({
  section: 'units',
  record: { id, name: `Phòng ${id}`, parentId: null, headId: null },
});
const schedule = (unitId: string, week: string): GeneratedItem => ({
  section: 'weeklySchedules',
  record: { unitId, week, publishedAt: '2025-03-07T16:00:00+07:00' },
});

describe('writeBundle', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dunghan-writer-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a complete bundle: every section present, absent ones empty, deleted last', async () => {
    const path = join(dir, 'small.json');
    const summary = await writeBundle(path, [unit('VP'), unit('TTr'), schedule('VP', '2025-W11')], SOURCE);
    const text = await readFile(path, 'utf8');
    const bundle = JSON.parse(text);
    expect(Object.keys(bundle)).toEqual(['format', 'source', ...BUNDLE_SECTIONS, 'deleted']);
    expect(bundle.format).toBe('dunghan.bundle.v1');
    expect(bundle.source).toEqual(SOURCE);
    expect(bundle.units.map((u: { id: string }) => u.id)).toEqual(['VP', 'TTr']);
    expect(bundle.people).toEqual([]);
    expect(bundle.weeklySchedules).toHaveLength(1);
    expect(bundle.deleted).toEqual([]);
    expect(summary).toMatchObject({ records: 3, bytes: Buffer.byteLength(text) });
    expect(summary.counts.units).toBe(2);
    // One record per line keeps the file diffable.
    expect(text.split('\n').filter((l) => l.startsWith('{"id":"')).length).toBe(2);
  });

  it('writes an empty bundle', async () => {
    const path = join(dir, 'empty.json');
    await writeBundle(path, [], SOURCE);
    const bundle = JSON.parse(await readFile(path, 'utf8'));
    for (const s of BUNDLE_SECTIONS) expect(bundle[s]).toEqual([]);
  });

  it('takes an async source and streams more than its buffer holds', async () => {
    async function* many(): AsyncGenerator<GeneratedItem> {
      for (let i = 0; i < 30_000; i++) yield unit(`U${i}`);
      for (let i = 0; i < 30_000; i++) yield schedule(`U${i}`, '2025-W11');
    }
    const path = join(dir, 'many.json');
    const summary = await writeBundle(path, many(), SOURCE);
    expect(summary.bytes).toBeGreaterThan(2 << 20);
    const bundle = JSON.parse(await readFile(path, 'utf8'));
    expect(bundle.units).toHaveLength(30_000);
    expect(bundle.weeklySchedules[29_999].unitId).toBe('U29999');
  });

  it('refuses records out of bundle order rather than writing a broken file', async () => {
    await expect(
      writeBundle(join(dir, 'bad.json'), [schedule('VP', '2025-W11'), unit('VP')], SOURCE),
    ).rejects.toThrow(/bundle order/);
  });

  it('reports a file it cannot write', async () => {
    await expect(writeBundle(join(dir, 'missing', 'x.json'), [unit('VP')], SOURCE)).rejects.toThrow(/ENOENT/);
  });
});
