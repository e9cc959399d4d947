/**
 * Writes a weekly digest as its recipient would see it, from example data and without a database
 * or a mail server: the HTML with the chart inlined as a data: URL, so a browser shows it as a
 * mail client would. With --screenshot it also asks headless Chromium for a PNG (docs/digest.png).
 *
 *   npm run build && node dist/scripts/render-digest-preview.js \
 *     [--bundle examples/sample-agency.bundle.json] [--week 2025-W11] [--unit S01-VP | leadership] \
 *     [--lang vi|en] [--out /tmp/dunghan-digest.html] [--screenshot docs/digest.png] [--height 4000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDomainConfig } from '../src/config/domain-config.loader.js';
import { defaultConfigDir, projectRoot } from '../src/config/project-root.js';
import { loadReminderSettings } from '../src/config/reminders.loader.js';
import { formatIssue } from '../src/domain/bundle/bundle-issue.js';
import { digestSlotFor } from '../src/domain/digests/digest-schedule.js';
import { buildCalendar } from '../src/domain/calendar/working-calendar.js';
import { parseIsoWeek } from '../src/domain/time.js';
import { parseLang } from '../src/i18n/lang.js';
import { loadBundles } from '../src/infra/bundle/load-bundles.js';
import { digestUnitOf, planDigests, renderDigest } from '../src/modules/digests/digest-rendering.js';

const { values } = parseArgs({
  options: {
    bundle: { type: 'string', default: join(projectRoot(), 'examples', 'sample-agency.bundle.json') },
    week: { type: 'string', default: '2025-W11' },
    unit: { type: 'string', default: 'S01-VP' },
    lang: { type: 'string', default: 'vi' },
    out: { type: 'string', default: '/tmp/dunghan-digest.html' },
    screenshot: { type: 'string' },
    width: { type: 'string', default: '900' },
    height: { type: 'string', default: '4000' },
  },
});

const fail = (message: string): never => {
  process.stderr.write(message + '\n');
  process.exit(2);
};

const week = parseIsoWeek(values.week) ?? fail(`--week ${values.week}: expected e.g. 2025-W11`);
const lang = parseLang(values.lang) ?? fail(`--lang ${values.lang}: vi or en`);
const domain = loadDomainConfig(defaultConfigDir());
const calendar = buildCalendar(domain.calendar);
const { digestMinutes } = loadReminderSettings(defaultConfigDir());
const slot =
  digestSlotFor(week, calendar, digestMinutes) ?? fail(`${values.week} has no working day: it has no digest`);

const loaded = await loadBundles([values.bundle]);
if (loaded.fatal !== null) fail(formatIssue(loaded.fatal, 'en'));
const unitId = digestUnitOf(values.unit);
const [planned] = planDigests({
  dataset: loaded.dataset,
  domain,
  calendar,
  week,
  asOf: slot.at,
  wanted: (u) => u === unitId,
});
if (planned === undefined) fail(`no digest for --unit ${values.unit} in ${values.bundle}`);

const rendered = await renderDigest(planned, lang);
const dataUrl = `data:image/png;base64,${rendered.chartPng.toString('base64')}`;
const html = rendered.html.split(`cid:${rendered.chartCid}`).join(dataUrl);
const out = resolve(values.out);
writeFileSync(out, html);
writeFileSync(out.replace(/\.html?$/, '') + '.txt', rendered.text);
process.stdout.write(`${rendered.subject}\n→ ${out} (and .txt)\n`);

if (values.screenshot !== undefined) {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    existsSync,
  );
  if (chromium === undefined) fail('no Chromium found (apt-get install -y chromium)');
  const target = resolve(values.screenshot);
  execFileSync(
    chromium!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--hide-scrollbars',
      `--screenshot=${target}`,
      `--window-size=${values.width},${values.height}`,
      `file://${out}`,
    ],
    { stdio: 'ignore' },
  );
  await trimBottom(target);
  process.stdout.write(`→ ${target}\n`);
}

/** Cuts the empty page background below the message, which a fixed window height leaves. */
async function trimBottom(file: string): Promise<void> {
  const image = await loadImage(readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const [r, g, b] = [data[0], data[1], data[2]];
  let last = image.height - 1;
  search: for (; last > 0; last--) {
    for (let x = 0; x < image.width; x++) {
      const i = (last * image.width + x) * 4;
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 12) break search;
    }
  }
  const height = Math.min(image.height, last + 24);
  if (height >= image.height) {
    process.stderr.write(`the message may be longer than the window: raise --height (${image.height})\n`);
    return;
  }
  const out = createCanvas(image.width, height);
  out.getContext('2d').drawImage(image, 0, 0);
  writeFileSync(file, await out.encode('png'));
}
