import { Inject, Injectable } from '@nestjs/common';
import type { AppContext } from '../../app/app-context.js';
import { loadSources } from '../../config/sources.loader.js';
import type { CoreOptions } from '../core/core.tokens.js';
import { APP_CONTEXT, CORE_OPTIONS } from '../core/core.tokens.js';
import type { SourceDefinition } from '../../infra/adapters/source-adapter.port.js';

/**
 * The configured sources, read from `sources.json` when asked rather than once at boot: a job
 * payload carries only the source's name and the handler loads its definition fresh, so an
 * administrator's edit (a new folder, a disabled source) applies to the next run without a restart.
 */
@Injectable()
export class SourceCatalog {
  constructor(
    @Inject(APP_CONTEXT) private readonly ctx: AppContext,
    @Inject(CORE_OPTIONS) private readonly options: CoreOptions,
  ) {}

  list(): SourceDefinition[] {
    return loadSources(this.ctx.app.configDir, this.ctx.app.dataDir, this.options.env);
  }

  find(name: string): SourceDefinition | undefined {
    return this.list().find((source) => source.name === name);
  }
}
