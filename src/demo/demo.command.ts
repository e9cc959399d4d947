/**
 * `dunghan demo` (and `npm run demo`): the whole service on a fresh machine, on embedded defaults
 * only. It generates a sample agency as a document system would export it — one bundle file per
 * month — into the inbox of a `bundle-folder` source, starts the API (which, without Redis, also
 * runs the jobs), syncs that source through the same `SyncService.run` as the nightly job,
 * evaluates as of the end of the period and prints each unit's on-time rate in Vietnamese.
 *
 * Re-running on the same data folder is safe: the folder adapter moved the files it imported into
 * `inbox/processed/`, so the files are generated again only when the inbox and `processed/` are
 * both empty (a fresh folder); otherwise the sync finds nothing new and the summary is read from
 * what is stored. Delete the folder (var/demo) to start over.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { CliIo } from '../cli/evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from '../cli/evaluate.command.js';
import { defaultConfigDir, projectRoot } from '../config/project-root.js';
import type { RuleId, Status } from '../domain/rules/obligation.js';
import { isJudged } from '../domain/rules/obligation.js';
import { daysInMonth, formatDay, formatDayVi, localDay, parseDay, parseInstant } from '../domain/time.js';
import { DEMO_TEXT, cliMessage } from '../i18n/cli-messages.js';
import { formatDateTime, formatNumber, formatPercentOf, formatRunCounts } from '../presentation/formats.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import type { RunningApi } from '../main.js';
import { createToken } from '../cli/token.command.js';
import { bootstrapApi } from '../main.js';
import { ObligationStore } from '../infra/store/obligation-store.js';
import { untilShutdownSignal } from '../modules/core/process-signals.js';
import { EvaluationService } from '../modules/evaluation/evaluation.service.js';
import { SourceCatalog } from '../modules/sync/source-catalog.service.js';
import { SyncService } from '../modules/sync/sync.service.js';
import type { AgencyGeneratorOptions, GeneratedItem } from './agency-generator.js';
import { DEFAULT_AGENCY_NAME, exportInstantOf, generateAgency } from './agency-generator.js';
import { writeBundle } from './bundle-writer.js';
import { demoSignInLinks } from './demo-sign-in.js';
import { ACCESS_TEXT } from '../i18n/access-messages.js';

export const DEMO_AGENCY: AgencyGeneratorOptions = {
  seed: 20250101,
  units: 8,
  people: 80,
  targetRecords: 4000,
  from: '2025-01-01',
  to: '2025-06-30',
};
export const DEMO_SOURCE = 'demo-inbox';
/** The end of the period's last working day: what the summary is "as of". */
export const DEMO_AS_OF = '2025-06-30T17:00:00+07:00';

/** The rules with a due date; the others (channel, signature, mailbox, rounds) have no "on time". */
const TIMED_RULES: ReadonlySet<string> = new Set<RuleId>([
  'plan',
  'staff_submission',
  'unit_submission',
  'weekly_schedule',
]);

export interface DemoOptions {
  once?: boolean;
  port?: string;
  lang?: string;
}

/** The data folder: DUNGHAN_DATA_DIR, else `var/demo` of the project (not `var/`, the real one). */
export function demoDataDir(env: NodeJS.ProcessEnv): string {
  const value = env.DUNGHAN_DATA_DIR;
  if (value === undefined || value === '') return join(projectRoot(), 'var', 'demo');
  return isAbsolute(value) ? value : resolve(value);
}

export async function runDemo(options: DemoOptions, io: CliIo): Promise<number> {
  if (options.lang !== undefined && parseLang(options.lang) === null) {
    io.stderr.write(cliMessage('langInvalid', 'vi', options.lang) + '\n');
    return EXIT_USAGE;
  }
  const lang: Lang = parseLang(options.lang ?? io.env.DUNGHAN_LANG) ?? 'vi';
  const t = DEMO_TEXT[lang];
  let port: number | undefined;
  if (options.port !== undefined) {
    port = Number(options.port);
    if (!/^\d+$/.test(options.port) || port > 65535) {
      io.stderr.write(t.port(options.port) + '\n');
      return EXIT_USAGE;
    }
  }
  const dataDir = demoDataDir(io.env);
  const { configDir, inbox } = prepareDemoFolder(dataDir);
  const generated = await generateIfEmpty(inbox);

  // Embedded defaults, always: the demo agency must never land in a real database or queue.
  const env: NodeJS.ProcessEnv = { ...io.env, DUNGHAN_DATA_DIR: dataDir, DUNGHAN_CONFIG_DIR: configDir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  // The sample agency's period ends on 30 June 2025: as of today every open case would be months
  // overdue. The demo's clock stops at the end of the period, for the sync and the API alike.
  env.DUNGHAN_CLOCK = DEMO_AS_OF;
  if (port !== undefined) env.PORT = String(port);

  const out = (line = '') => io.stdout.write(line + '\n');
  const n = (x: number) => formatNumber(x, lang);
  out(t.title);
  if (io.env.DATABASE_URL || io.env.REDIS_URL) out(t.ignored);
  out(t.dataDir(dataDir));
  out(t.clock(formatDateTime(parseInstant(DEMO_AS_OF)!)));
  out(
    generated.length > 0
      ? t.generated(
          n(generated.length),
          DEFAULT_AGENCY_NAME,
          n(DEMO_AGENCY.units),
          n(DEMO_AGENCY.people),
          formatDayVi(parseDay(DEMO_AGENCY.from)!),
          formatDayVi(parseDay(DEMO_AGENCY.to)!),
          inbox,
        )
      : t.existing,
  );

  let running: RunningApi;
  try {
    running = await bootstrapApi({ env, logger: ['error', 'warn'] });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write((code === 'EADDRINUSE' ? t.portInUse : t.cannotStart((error as Error).message)) + '\n');
    return 1;
  }
  try {
    await syncAndSummarise(running, out, lang);
    out();
    // A fresh administrator token per run, for trying the API by hand; it lives in the demo's own
    // embedded database only. People get theirs from `dunghan token create`.
    const { token } = await createToken(running.app, { role: 'admin', label: t.tokenLabel });
    const auth = `-H "Authorization: Bearer ${token}"`;
    out(t.apiAt(running.url));
    out(t.token(token));
    out(`${t.health} ${running.url}/health`);
    out(`${t.obligations} curl ${auth} "${running.url}/api/obligations?status=overdue"`);
    out(`${t.scores} curl ${auth} "${running.url}/api/scores?phase=2025-1&level=unit"`);
    out(`${t.syncNow} curl -X POST ${auth} ${running.url}/api/sources/${DEMO_SOURCE}/sync`);
    out();
    const a = ACCESS_TEXT[lang];
    out(a.demoLinks);
    const links = await demoSignInLinks(running.app, running.url);
    const label = (l: (typeof links)[number]) =>
      `${a.role[l.role].charAt(0).toUpperCase()}${a.role[l.role].slice(1)}: ${l.name} (${l.personId}${l.unitId === null ? '' : `, ${l.unitId}`})`;
    const width = Math.max(...links.map((l) => label(l).length));
    for (const l of links) out(`  ${label(l).padEnd(width)}  ${l.url}`);
    if (!options.once) {
      out(t.ctrlC);
      await untilShutdownSignal();
    }
  } finally {
    await running.close();
  }
  out(options.once ? t.stoppedOnce : t.stopped);
  return EXIT_OK;
}

async function syncAndSummarise(
  running: RunningApi,
  out: (line?: string) => void,
  lang: Lang,
): Promise<void> {
  const t = DEMO_TEXT[lang];
  const { app } = running;
  const source = app
    .get(SourceCatalog)
    .list()
    .find((s) => s.name === DEMO_SOURCE);
  if (source === undefined) throw new Error(`the demo configuration lacks the source ${DEMO_SOURCE}`);
  const summary = await app.get(SyncService).run(source, 'cli', `manual:${randomUUID()}`);
  const n = (x: number) => formatNumber(x, lang);
  if (summary === null) {
    out(t.syncBusy(DEMO_SOURCE));
  } else if (summary.counts.batches === 0) {
    out(t.syncNothing(DEMO_SOURCE, summary.runId));
  } else {
    out(t.synced(DEMO_SOURCE, summary.runId, formatRunCounts(summary.counts, lang)));
  }

  const asOf = parseInstant(DEMO_AS_OF)!;
  await app.get(EvaluationService).evaluate(asOf, 'demo', 'full');
  const obligations = (await app.get(ObligationStore).stored({})) as {
    rule: string;
    unitId: string | null;
    status: Status;
  }[];
  const { units } = await app.get(ObligationStore).loadDataset();

  const tally = new Map<string, { judged: number; met: number }>();
  const total = { judged: 0, met: 0 };
  for (const o of obligations) {
    if (!TIMED_RULES.has(o.rule) || o.unitId === null || !isJudged(o.status)) continue;
    const t = tally.get(o.unitId) ?? { judged: 0, met: 0 };
    tally.set(o.unitId, t);
    for (const into of [t, total]) {
      into.judged++;
      if (o.status === 'met') into.met++;
    }
  }
  const rate = (x: { judged: number; met: number }) =>
    x.judged === 0 ? '—' : formatPercentOf(x.met, x.judged, lang);
  const rows = [...units.values()].map((u) => {
    const x = tally.get(u.id) ?? { judged: 0, met: 0 };
    return [u.name, n(x.judged), rate(x)];
  });
  rows.push([t.total, n(total.judged), rate(total)]);
  const header = [...t.header];
  const width = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    `  ${r[0].padEnd(width[0])}  ${r[1].padStart(width[1])}  ${r[2].padStart(width[2])}`;

  out();
  out(t.rates(formatDateTime(asOf)));
  out(line(header));
  for (const r of rows) out(line(r));
}

/** `<data>/config`: a copy of the project's config/ whose only source is the demo inbox. */
function prepareDemoFolder(dataDir: string): { configDir: string; inbox: string } {
  const configDir = join(dataDir, 'config');
  const inbox = join(dataDir, 'inbox');
  mkdirSync(inbox, { recursive: true });
  // Copied afresh each time, so a demo folder follows the project's calendars and campaigns.
  rmSync(configDir, { recursive: true, force: true });
  cpSync(defaultConfigDir(), configDir, { recursive: true });
  writeFileSync(
    join(configDir, 'sources.json'),
    JSON.stringify(
      {
        $comment: 'Written by `dunghan demo`: the generated sample agency arrives in ${data}/inbox.',
        sources: [
          {
            name: DEMO_SOURCE,
            kind: 'bundle-folder',
            cron: '30 1 * * *',
            enabled: true,
            options: { folder: '${data}/inbox' },
          },
        ],
      },
      null,
      2,
    ) + '\n',
  );
  return { configDir, inbox };
}

const isBundle = (name: string) => name.toLowerCase().endsWith('.json');

/** Writes the month files unless the inbox or its `processed/` already holds some. */
async function generateIfEmpty(inbox: string): Promise<string[]> {
  const processed = join(inbox, 'processed');
  const pending = readdirSync(inbox).filter(isBundle);
  const done = existsSync(processed) ? readdirSync(processed) : [];
  if (pending.length > 0 || done.length > 0) return [];
  const months = splitByMonth(generateAgency(DEMO_AGENCY), DEMO_AGENCY.from, DEMO_AGENCY.to);
  const files: string[] = [];
  for (const [month, items] of months) {
    const name = `agency-${month}.json`;
    const last = lastDayOf(month);
    const exportedAt = exportInstantOf(last > DEMO_AGENCY.to ? DEMO_AGENCY.to : last);
    // Written under another name and renamed, as an exporter should: never a half file in the inbox.
    await writeBundle(join(inbox, `${name}.part`), items, { system: 'Đúng hạn demo', exportedAt });
    renameSync(join(inbox, `${name}.part`), join(inbox, name));
    files.push(name);
  }
  return files;
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** `YYYY-MM` of a local date or of an instant, in Asia/Ho_Chi_Minh. */
function monthOf(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const instant = parseInstant(text);
  if (instant !== null) return formatDay(localDay(instant)).slice(0, 7);
  return parseDay(text.slice(0, 10)) === null ? null : text.slice(0, 7);
}

const latest = (...months: (string | null)[]) =>
  months.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);

/**
 * The records by the month they happened in, as monthly exports would carry them: a document in
 * the month it was received or issued, a task in the month it was assigned, a draft in the month
 * of its first step, a schedule when published, a mailbox observation when seen. A record is never
 * put before what it refers to (a task before its document), so every file's references resolve
 * against the earlier files. The organisation comes whole in the first file. Each record is
 * exported once, as it stands at the end of the period.
 */
export function splitByMonth(
  items: Iterable<GeneratedItem>,
  from: string,
  to: string,
): Map<string, GeneratedItem[]> {
  const first = from.slice(0, 7);
  const lastMonth = to.slice(0, 7);
  const clamp = (m: string | null) => (m === null || m < first ? first : m > lastMonth ? lastMonth : m);
  const documentMonth = new Map<string, string>();
  const taskMonth = new Map<string, string>();
  const months = new Map<string, GeneratedItem[]>();
  for (const item of items) {
    let month: string;
    switch (item.section) {
      case 'units':
      case 'people':
        month = first;
        break;
      case 'documents': {
        const d = item.record;
        month = clamp(
          monthOf(d.direction === 'incoming' ? (d.receivedAt ?? d.date) : (d.issuedAt ?? d.date)),
        );
        documentMonth.set(d.id, month);
        break;
      }
      case 'tasks': {
        const t = item.record;
        const ofDocument = t.documentId === null ? null : (documentMonth.get(t.documentId) ?? null);
        month = clamp(latest(monthOf(t.assignedAt), ofDocument));
        taskMonth.set(t.id, month);
        break;
      }
      case 'drafts': {
        const d = item.record;
        const steps = [d.submittedToUnitAt, d.reviewRounds[0]?.at, d.submittedToLeadershipAt, d.issuedAt]
          .map(monthOf)
          .filter((m): m is string => m !== null)
          .sort();
        month = clamp(latest(steps[0] ?? null, taskMonth.get(d.taskId) ?? null));
        break;
      }
      case 'weeklySchedules':
        month = clamp(monthOf(item.record.publishedAt));
        break;
      case 'mailboxes':
        month = clamp(monthOf(item.record.lastActiveAt));
        break;
    }
    const list = months.get(month) ?? [];
    list.push(item);
    months.set(month, list);
  }
  return new Map([...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
