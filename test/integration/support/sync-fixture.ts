/** A configuration folder whose sources.json names bundle-folder sources in temp folders. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigDir } from '../../../src/config/project-root.js';

export interface FolderSource {
  configDir: string;
  inbox: string;
  root: string;
}

/** `limits`: the source's `limits` in sources.json (SourceLimits), when a test needs small ones. */
export function folderSource(
  name: string,
  options: Record<string, unknown> = {},
  limits?: Record<string, number>,
): FolderSource {
  const root = mkdtempSync(join(tmpdir(), 'dunghan-sync-'));
  const configDir = join(root, 'config');
  const inbox = join(root, 'inbox');
  cpSync(defaultConfigDir(), configDir, { recursive: true });
  mkdirSync(inbox, { recursive: true });
  writeFileSync(
    join(configDir, 'sources.json'),
    JSON.stringify({
      sources: [
        {
          name,
          kind: 'bundle-folder',
          cron: '30 1 * * *',
          enabled: true,
          options: { folder: inbox, ...options },
          ...(limits === undefined ? {} : { limits }),
        },
      ],
    }),
  );
  return { configDir, inbox, root };
}
