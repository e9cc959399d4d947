/**
 * The import graph of `src/` points down only (issue 10): domain ← ports ← config ← infra ←
 * presentation ← modules ← app ← entry points ← demo, the CLI's lazy load of the demo excepted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayers } from '../../scripts/check-layers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('layers of src/', () => {
  it('has no import from a lower layer to a higher one, and every file in a layer', () => {
    const report = checkLayers(ROOT);
    expect(report.violations).toEqual([]);
    expect(report.unplaced).toEqual([]);
  });

  describe('on a made-up tree', () => {
    let root: string;
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'dunghan-layers-'));
      write(
        'src/domain/rule.ts',
        "import { thing } from '../modules/x/x.service.js';\nexport const r = thing;\n",
      );
      write(
        'src/modules/x/x.service.ts',
        "export const thing = 1;\nexport { view } from '../../cli/view.js';\n",
      );
      write('src/cli/view.ts', 'export const view = 1;\n');
      write(
        'src/infra/store/page.store.ts',
        "import { f } from '../../presentation/format.js';\nexport const p = f;\n",
      );
      write(
        'src/presentation/format.ts',
        "import type { Row } from '../infra/store/page.store.js';\nimport { p } from '../infra/store/page.store.js';\n" +
          'export const f = (r: Row) => p;\n',
      );
      write(
        'src/config/mail.config.ts',
        "import type { RetryPolicy } from '../infra/mail/mailer.port.js';\n",
      );
      write('src/infra/mail/mailer.port.ts', 'export interface RetryPolicy { retries: number }\n');
      write('src/cli/program.ts', "await import('../demo/demo.command.js');\n");
      write('src/main.ts', "import { demo } from './demo/demo.command.js';\n");
      write('src/demo/demo.command.ts', "export const demo = 1;\nimport '../main.js';\n");
      write('src/stray/thing.ts', 'export {};\n');
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('names each arrow up, lets config read a port and the CLI load the demo lazily', () => {
      const report = checkLayers(root);
      expect(report.violations).toEqual([
        'src/domain/rule.ts -> src/modules/x/x.service.ts (domain must not import modules)',
        'src/infra/store/page.store.ts -> src/presentation/format.ts (infra must not import presentation)',
        'src/main.ts -> src/demo/demo.command.ts (entry must not import demo)',
        'src/modules/x/x.service.ts -> src/cli/view.ts (modules must not import entry)',
        'src/presentation/format.ts -> src/infra/store/page.store.ts (presentation may import infra with `import type` only)',
      ]);
      expect(report.unplaced).toEqual(['src/stray/thing.ts']);
    });
  });
});
