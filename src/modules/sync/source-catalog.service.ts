import { loadSources } from '../../config/sources.loader.js';
import type { SourceDefinition } from '../../infra/adapters/source-adapter.port.js';

/**
 * The configured sources, read from `sources.json` when asked rather than once at boot — the one
 * configuration file re-read on purpose: a job payload carries only the source's name and the
 * handler loads its definition fresh, so an administrator's edit (a new folder, a disabled source)
 * applies to the next run without a restart. Everything else is read and validated once at start.
 */
export class SourceCatalog {
  constructor(
    private readonly configDir: string,
    private readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv | undefined,
  ) {}

  list(): SourceDefinition[] {
    return loadSources(this.configDir, this.dataDir, this.env);
  }

  find(name: string): SourceDefinition | undefined {
    return this.list().find((source) => source.name === name);
  }
}
