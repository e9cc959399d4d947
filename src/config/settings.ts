/**
 * Every setting of a process, read and validated once when it starts: the environment, mail,
 * reminders, and the domain configuration (campaigns, calendars, agency settings). A bad variable
 * or file field fails the start with its name (EnvError names the variable, ConfigError the file
 * and field). The one file re-read later, on purpose, is `sources.json` (see SourceCatalog).
 */
import type { AppConfig } from './app-config.js';
import { loadAppConfig } from './app-config.js';
import type { DomainConfig } from './domain-config.loader.js';
import { loadDomainConfig } from './domain-config.loader.js';
import type { MailSettings } from './mail.config.js';
import { loadMailSettings } from './mail.config.js';
import type { ReminderSettings } from './reminders.loader.js';
import { loadReminderSettings } from './reminders.loader.js';
import type { SignInSettings } from './sign-in.config.js';
import { loadSignInSettings } from './sign-in.config.js';

export interface Settings {
  /** The environment: database, Redis, folders, port, clock, limits, log level. */
  app: AppConfig;
  /** SMTP_URL (or the file outbox under the data folder). */
  mail: MailSettings;
  /** `config/reminders.json`: slots, sender, retry policy, language. */
  reminders: ReminderSettings;
  /** Campaigns, calendars and agency settings from `config/` (administrators' changes come on top). */
  domain: DomainConfig;
  /** Sessions, sign-in links, the OpenID Connect provider (`sign-in.config.ts`). */
  signIn: SignInSettings;
}

export function loadSettings(env: NodeJS.ProcessEnv, overrides: Partial<AppConfig> = {}): Settings {
  const app = { ...loadAppConfig(env), ...overrides };
  return {
    app,
    mail: loadMailSettings(env, app.dataDir),
    reminders: loadReminderSettings(app.configDir),
    domain: loadDomainConfig(app.configDir),
    signIn: loadSignInSettings(env, app),
  };
}
