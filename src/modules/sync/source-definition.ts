/** A source as the administrator configures it in `config/sources.json`. */
export interface SourceDefinition {
  name: string;
  kind: 'bundle-folder' | 'http-json' | 'edxml' | 'register' | 'mail-directory';
  /** Cron in Asia/Ho_Chi_Minh; default nightly at 01:30. */
  cron: string;
  enabled: boolean;
  /** The adapter's options; `${env:NAME}` strings are replaced from the environment at load. */
  options: Record<string, unknown>;
}

export const DEFAULT_SYNC_CRON = '30 1 * * *';
