/**
 * Preloaded into a benchmarked process (`node --import …/report-rss.js`): on exit it writes the
 * process's peak resident set size to the file named by DUNGHAN_RSS_REPORT.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.DUNGHAN_RSS_REPORT;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  });
}
