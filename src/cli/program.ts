/**
 * The `dunghan` command line: every command, its help and the parser's errors in the language a
 * person asked for (`--lang`, else DUNGHAN_LANG, else Vietnamese). Every command returns an exit
 * status; a person's mistake prints a message naming what to fix (exit 2), never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { projectRoot } from '../config/project-root.js';
import type { CliMessage } from '../i18n/cli-messages.js';
import { ACCESS_HELP } from '../i18n/access-messages.js';
import { CLI_HELP, cliMessage } from '../i18n/cli-messages.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_USAGE } from './exit-codes.js';
import type { SnapshotOptions } from './snapshot.command.js';

// Each command's module is loaded when the command runs: loading all of them (the API, the worker,
// the spreadsheet writer, …) took over a second on every call, `dunghan evaluate` included.
const evaluateCommand = () => import('./evaluate.command.js');
const serviceCommands = () => import('./service.commands.js');
const remindCommand = () => import('./remind.command.js');
const tokenCommand = () => import('./token.command.js');
const accessCommand = () => import('./access.command.js');

const collect = (value: string, previous: string[]) => [...previous, value];

/** The language of the help and of the parser's errors, read before the parser runs. */
export function helpLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--lang') return parseLang(argv[i + 1]) ?? 'vi';
    if (arg.startsWith('--lang=')) return parseLang(arg.slice('--lang='.length)) ?? 'vi';
  }
  return parseLang(env.DUNGHAN_LANG) ?? 'vi';
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

const TITLES: Record<string, CliMessage> = {
  'Usage:': 'helpUsage',
  'Options:': 'helpOptions',
  'Commands:': 'helpCommands',
  'Arguments:': 'helpArguments',
  'Global Options:': 'helpGlobalOptions',
};

export function buildProgram(exit: (code: number) => void, io: CliIo, lang: Lang): Command {
  const h = CLI_HELP[lang];
  const program = new Command('dunghan')
    .description(h.program)
    .version(packageVersion(), '-V, --version', cliMessage('versionOption', lang))
    .helpOption('-h, --help', cliMessage('helpOption', lang))
    .helpCommand('help [command]', cliMessage('helpCommand', lang))
    .configureHelp({
      styleTitle: (title) => (title in TITLES ? cliMessage(TITLES[title], lang) : title),
      styleOptionText: (text) => (text === '[options]' ? cliMessage('helpOptionsTerm', lang) : text),
      styleSubcommandText: (text) => (text === '[command]' ? cliMessage('helpCommandTerm', lang) : text),
      styleArgumentText: (text) => (text === '[command]' ? cliMessage('helpCommandTerm', lang) : text),
    })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // The parser's own (English) error text is replaced by `parserError`'s.
      outputError: () => undefined,
    });

  program
    .command('evaluate')
    .description(h.evaluate)
    .option('--bundle <file>', h.bundle, collect, [])
    .option('--as-of <instant>', h.evaluateAsOf)
    .option('--config <dir>', h.evaluateConfig)
    .option('--format <format>', h.format)
    .option('--lang <lang>', h.lang)
    .option('--evidence', h.evaluateEvidence)
    .option('--stale <source=instant>', h.evaluateStale, collect, [])
    .action(
      async (opts: {
        bundle: string[];
        stale: string[];
        asOf?: string;
        config?: string;
        format?: string;
        lang?: string;
        evidence?: boolean;
      }) => {
        exit(await (await evaluateCommand()).runEvaluate(opts, io));
      },
    );

  program
    .command('import')
    .description(h.import)
    .option('--bundle <file>', h.bundle, collect, [])
    .option('--as-of <instant>', h.importAsOf)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { bundle: string[]; asOf?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runImport(opts, io)),
    );

  program
    .command('obligations')
    .description(h.obligations)
    .option('--as-of <instant>', h.asOfNow)
    .option('--unit <id>', h.unitOne)
    .option('--format <format>', h.format)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { asOf?: string; unit?: string; format?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runObligations(opts, io)),
    );

  program
    .command('sync')
    .description(h.sync)
    .option('--source <name>', h.sourceOne)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { source?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runSync(opts, io)),
    );

  program
    .command('sources')
    .description(h.sources)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { lang?: string }) => exit(await (await serviceCommands()).runSources(opts, io)));

  program
    .command('runs')
    .description(h.runs)
    .option('--source <name>', h.sourceOne)
    .option('--limit <n>', h.runsLimit)
    .option('--rejections <runId>', h.runsRejections)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { source?: string; limit?: string; rejections?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runRuns(opts, io)),
    );

  program
    .command('remind')
    .description(h.remind)
    .option('--as-of <instant>', h.remindAsOf)
    .option('--dry-run', h.dryRun)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { asOf?: string; dryRun?: boolean; lang?: string }) =>
      exit(await (await remindCommand()).runRemind(opts, io)),
    );

  program
    .command('sent')
    .description(h.sent)
    .option('--date <day>', h.sentDate)
    .option('--person <id>', h.sentPerson)
    .option('--state <state>', h.sentState)
    .option('--limit <n>', h.sentLimit)
    .option('--format <format>', h.sentFormat)
    .option('--lang <lang>', h.lang)
    .action(
      async (opts: {
        date?: string;
        person?: string;
        state?: string;
        limit?: string;
        format?: string;
        lang?: string;
      }) => exit(await (await remindCommand()).runSent(opts, io)),
    );

  program
    .command('digest')
    .description(h.digest)
    .option('--week <week>', h.digestWeek)
    .option('--resend <id>', h.digestResend)
    .option('--unit <id>', h.digestUnit)
    .option('--dry-run', h.digestDryRun)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { week: string; unit?: string; dryRun?: boolean; lang?: string }) =>
      exit(await (await import('./digest.command.js')).runDigest(opts, io)),
    );

  program
    .command('snapshot')
    .description(h.snapshot)
    .requiredOption('--phase <id>', h.snapshotPhase)
    .option('--freeze', h.snapshotFreeze)
    .option('--by <name>', h.snapshotBy)
    .option('--as-of <instant>', h.snapshotAsOf)
    .option('--list', h.snapshotList)
    .option('--diff <a..b>', h.snapshotDiff)
    .option('--export <format>', h.snapshotExport)
    .option('--version <n>', h.snapshotVersion)
    .option('--out <file>', h.snapshotOut)
    .option('--lang <lang>', h.lang)
    .action(async (opts: SnapshotOptions) =>
      exit(await (await import('./snapshot.command.js')).runSnapshot(opts, io)),
    );

  const token = program.command('token').description(h.token);
  token
    .command('create')
    .description(h.tokenCreate)
    .requiredOption('--role <role>', h.tokenRole)
    .option('--person <id>', h.tokenPerson)
    .option('--unit <id>', h.tokenUnit)
    .option('--source <name>', h.tokenSource)
    .option('--label <text>', h.tokenLabel)
    .option('--expires-in <days>', h.tokenExpiresIn)
    .option('--expires <YYYY-MM-DD>', h.tokenExpires)
    .option('--lang <lang>', h.lang)
    .action(
      async (opts: {
        role: string;
        person?: string;
        unit?: string;
        source?: string;
        label?: string;
        expiresIn?: string;
        expires?: string;
        lang?: string;
      }) => exit(await (await tokenCommand()).runToken({ action: 'create', ...opts }, io)),
    );
  token
    .command('list')
    .description(h.tokenList)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { lang?: string }) =>
      exit(await (await tokenCommand()).runToken({ action: 'list', ...opts }, io)),
    );
  token
    .command('revoke')
    .description(h.tokenRevoke)
    .argument('<id>', h.tokenId)
    .option('--lang <lang>', h.lang)
    .action(async (id: string, opts: { lang?: string }) =>
      exit(await (await tokenCommand()).runToken({ action: 'revoke', id, ...opts }, io)),
    );

  const a = ACCESS_HELP[lang];
  program
    .command('login-link')
    .description(a.loginLink)
    .option('--person <id>', a.person)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { person?: string; lang?: string }) =>
      exit(await (await accessCommand()).runLoginLink(opts, io)),
    );
  const access = program.command('access').description(a.access);
  for (const action of ['grant', 'revoke'] as const)
    access
      .command(action)
      .description(a[action])
      .option('--person <id>', a.person)
      .option('--role <role>', a.role)
      .option('--lang <lang>', h.lang)
      .action(async (opts: { person?: string; role?: string; lang?: string }) =>
        exit(await (await accessCommand()).runAccess({ action, ...opts }, io)),
      );
  access
    .command('list')
    .description(a.list)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { lang?: string }) =>
      exit(await (await accessCommand()).runAccess({ action: 'list', ...opts }, io)),
    );

  const calendar = program.command('calendar').description(h.calendar);
  calendar
    .command('load')
    .description(h.calendarLoad)
    .argument('<file>', h.calendarFile)
    .option('--lang <lang>', h.lang)
    .action(async (file: string, opts: { lang?: string }) =>
      exit(await (await import('./calendar.command.js')).runCalendarLoad({ file, ...opts }, io)),
    );
  calendar
    .command('preview')
    .description(h.calendarPreview)
    .argument('[date]', h.calendarPreviewDate)
    .option('--kind <kind>', h.calendarPreviewKind)
    .option('--name <name>', h.calendarPreviewName)
    .option('--file <file>', h.calendarPreviewFile)
    .option('--format <format>', h.previewFormat)
    .option('--lang <lang>', h.lang)
    .action(
      async (
        date: string | undefined,
        opts: { kind?: string; name?: string; file?: string; format?: string; lang?: string },
      ) => exit(await (await import('./preview.command.js')).runCalendarPreview({ date, ...opts }, io)),
    );

  program
    .command('campaign')
    .description(h.campaign)
    .command('preview')
    .description(h.campaignPreview)
    .argument('<id>', h.campaignId)
    .argument('<file>', h.campaignFile)
    .option('--format <format>', h.previewFormat)
    .option('--lang <lang>', h.lang)
    .action(async (id: string, file: string, opts: { format?: string; lang?: string }) =>
      exit(await (await import('./preview.command.js')).runCampaignPreview({ id, file, ...opts }, io)),
    );

  program
    .command('demo')
    .description(h.demo)
    .option('--once', h.demoOnce)
    .option('--port <n>', h.demoPort)
    .option('--lang <lang>', h.lang)
    .action(async (opts: { once?: boolean; port?: string; lang?: string }) =>
      exit(await (await import('../demo/demo.command.js')).runDemo(opts, io)),
    );

  program
    .command('api')
    .description(h.api)
    .action(async () => exit(await (await import('../main.js')).runApiProcess(io.env)));

  program
    .command('worker')
    .description(h.worker)
    .action(async () => exit(await (await import('../worker.js')).runWorkerProcess(io.env)));

  return program;
}

const PARSER_ERRORS: Record<string, CliMessage> = {
  'commander.unknownOption': 'unknownOption',
  'commander.unknownCommand': 'unknownCommand',
  'commander.missingArgument': 'missingArgument',
  'commander.optionMissingArgument': 'optionMissingArgument',
  'commander.missingMandatoryOptionValue': 'missingMandatoryOption',
  'commander.excessArguments': 'excessArguments',
};

/** The command a person was typing (`dunghan token create`), for "see its help". */
function commandPath(program: Command, args: readonly string[]): string {
  const names = ['dunghan'];
  let command = program;
  for (const arg of args) {
    const sub = command.commands.find((c) => c.name() === arg);
    if (sub === undefined) break;
    names.push(arg);
    command = sub;
  }
  return names.join(' ');
}

/** The parser's error in the person's language: what is wrong, a suggestion, where the help is. */
export function parserError(error: CommanderError, lang: Lang, command: string): string {
  const key = PARSER_ERRORS[error.code];
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  const suggestion = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1];
  const what =
    key === undefined
      ? cliMessage('parseError', lang, error.message.replace(/^error: /, ''))
      : cliMessage(key, lang, key === 'excessArguments' ? command : (quoted ?? ''));
  return (
    `${what}\n` +
    (suggestion === undefined ? '' : cliMessage('didYouMean', lang, suggestion) + '\n') +
    cliMessage('seeHelp', lang, command) +
    '\n'
  );
}

/** Runs the command line `argv` (without the node and script names); resolves to its exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = helpLang(argv, io.env);
  let status = 0;
  const program = buildProgram((code) => (status = code), io, lang);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; every other parse failure is a usage error.
      if (e.exitCode === 0) return 0;
      if (e.code !== 'commander.help' && e.code !== 'commander.helpDisplayed')
        io.stderr.write(parserError(e, lang, commandPath(program, argv)));
      return EXIT_USAGE;
    }
    io.stderr.write(`dunghan: ${(e as Error).message}\n`);
    return 1;
  }
}
