/**
 * The register adapter through the real pipeline: an incoming register and its follow-up register
 * synced into Postgres. The run counts the rows it kept with a warning apart from those it refused,
 * and the follow-up rows become tasks with their deadlines.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { projectRoot } from '../../src/config/project-root.js';
import { capture } from './support/cli-io.js';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { folderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const FOLLOW_UP = [
  'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN;;;;;;',
  'Năm 2025;;;;;;',
  'Số đến;Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản;Đơn vị hoặc người nhận;Thời hạn giải quyết;Tiến độ giải quyết;Số, ký hiệu văn bản trả lời;Ghi chú',
  '1;Công văn 215/UBND-KGVX của UBND tỉnh;Văn phòng;20/03/2025;Đang giải quyết;;',
  '2;Kế hoạch 1020/BNV-CCVC của Bộ Nội vụ;;25/03/2025;Đã giải quyết ngày 18/03/2025;45/SNV-TCBC;',
  '9;Công văn chưa vào sổ đến;Văn phòng;30/03/2025;;;',
].join('\r\n');

describe('registers synced into Postgres', () => {
  let db: TestDatabase;
  let ctx: TestServices;
  let env: NodeJS.ProcessEnv;
  let registers: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const fixture = folderSource('units');
    registers = join(fixture.root, 'registers');
    mkdirSync(registers);
    copyFileSync(
      join(projectRoot(), 'test', 'fixtures', 'register', '2025-03-so-den.csv'),
      join(registers, '2025-03-so-den.csv'),
    );
    writeFileSync(
      join(registers, '2025-03-theo-doi.csv'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FOLLOW_UP)]),
    );
    writeFileSync(
      join(fixture.inbox, 'units.json'),
      JSON.stringify({
        format: 'dunghan.bundle.v1',
        source: { system: 'test', exportedAt: '2025-03-01T08:00:00+07:00' },
        units: [
          { id: 'VP', name: 'Văn phòng', parentId: null, headId: null },
          { id: 'TCBC', name: 'Phòng Tổ chức biên chế', parentId: null, headId: null },
        ],
      }),
    );
    writeFileSync(
      join(fixture.configDir, 'sources.json'),
      JSON.stringify({
        sources: [
          { name: 'units', kind: 'bundle-folder', enabled: true, options: { folder: fixture.inbox } },
          {
            name: 'so-van-thu',
            kind: 'register',
            enabled: true,
            options: { folder: registers, unitMap: { 'Văn phòng': 'VP', 'Phòng TCBC': 'TCBC' } },
          },
        ],
      }),
    );
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_WORKER_NAME: 'register-sync-test',
    };
    ctx = await openServices(env);
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  it('counts rows kept with a warning apart from rows refused, and stores the follow-up tasks', async () => {
    await ctx.sync.run(
      ctx.sources.find((s) => s.name === 'units')!,
      'manual',
      'manual:units',
    );
    const summary = await ctx.sync.run(
      ctx.sources.find((s) => s.name === 'so-van-thu')!,
      'manual',
      'manual:so',
    );
    // Refused: row 9 of the incoming register (31/02/2025). Kept with a warning: row 10 (a unit
    // not in the map, stored without one), and follow-up rows 6 (Số đến 9, not in the incoming
    // register yet) — nothing else.
    expect(summary!.counts).toMatchObject({ rejected: 1, warnings: 2 });
    const [run] = await ctx.syncStore.runs('so-van-thu', 1);
    expect(run).toMatchObject({ rejected: 1, warnings: 2 });
    const severities = (await ctx.syncStore.rejections(summary!.runId)).map((r) => [r.severity, r.recordId]);
    expect(severities).toEqual([
      ['error', '9'],
      ['warning', '10'],
      ['warning', '6'],
    ]);

    const tasks = await query<{ unit_id: string; deadline: string; completed_at: string | null }>(
      db.url,
      `SELECT unit_id, to_char(deadline, 'YYYY-MM-DD') AS deadline, completed_at FROM tasks ORDER BY deadline`,
    );
    expect(tasks.map((t) => [t.unit_id, t.deadline, t.completed_at !== null])).toEqual([
      ['VP', '2025-03-20', false],
      ['TCBC', '2025-03-25', true],
    ]);
  });

  it('says "cảnh báo N" beside "bị loại M" in dunghan sync and dunghan runs', async () => {
    writeFileSync(
      join(registers, '2025-04-theo-doi.csv'),
      ['Năm 2025', FOLLOW_UP.split('\r\n')[2], '12;Công văn chưa vào sổ;Văn phòng;30/04/2025;;;'].join('\n'),
    );
    const synced = await capture((io) => runCli(['sync', '--source', 'so-van-thu'], io), env);
    expect(synced.stdout).toMatch(
      /^so-van-thu \(lượt \d+\): 1 lô, 0 bản ghi; thêm 0, cập nhật 0, không đổi 0, xoá 0, bị loại 0, cảnh báo 1\.\n$/,
    );
    const runs = await capture((io) => runCli(['runs', '--source', 'so-van-thu'], io), env);
    const [header, last, first] = runs.stdout.split('\n');
    expect(header.split('\t').slice(-3)).toEqual(['Bị loại', 'Cảnh báo', 'Lỗi']);
    expect(last.split('\t').slice(-2)).toEqual(['0', '1']);
    expect(first.split('\t').slice(-2)).toEqual(['1', '2']);
  });
});
