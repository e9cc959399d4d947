import { it } from '@jest/globals';
import { EdxmlAdapter } from '../../../src/infra/adapters/edxml/edxml.adapter.js';
it('bench', async () => {
  const t0 = performance.now();
  const a = new EdxmlAdapter({ folder: process.env.BENCH_DIR ?? '/tmp/edxml-bench/siblings', ownOrganId: '000.00.12.H99' });
  for await (const b of a.pull(null)) console.log(b.label, JSON.stringify(b.part).length, b.issues.map((i) => i.reasonEn));
  console.log('ms', Math.round(performance.now() - t0), 'rss MB', Math.round(process.memoryUsage().rss / 1e6));
}, 600000);
