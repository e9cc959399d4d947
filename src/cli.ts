#!/usr/bin/env node
/**
 * `dunghan`: the command line. Every command returns an exit status; a person's mistake prints a
 * message naming what to fix (exit 2), never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli/evaluate.command.js';
import { EXIT_USAGE } from './cli/exit-codes.js';
import type { SnapshotOptions } from './cli/snapshot.command.js';

// Each command's module is loaded when the command runs: loading all of them (the API, the worker,
// the spreadsheet writer, …) took over a second on every call, `dunghan evaluate` included.
const evaluateCommand = () => import('./cli/evaluate.command.js');
const serviceCommands = () => import('./cli/service.commands.js');
const remindCommand = () => import('./cli/remind.command.js');

const collect = (value: string, previous: string[]) => [...previous, value];

export function buildProgram(exit: (code: number) => void): Command {
  const program = new Command('dunghan')
    .description(
      'Đúng hạn — theo dõi thời hạn xử lý văn bản và chấm điểm thi đua / office-workflow compliance monitor',
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('evaluate')
    .description(
      'Đánh giá ngoại tuyến các tệp dữ liệu tại một thời điểm / evaluate bundles offline as of an instant',
    )
    .option(
      '--bundle <file>',
      'tệp dunghan.bundle.v1 (lặp lại được, áp dụng theo thứ tự) / bundle file, repeatable',
      collect,
      [],
    )
    .option(
      '--as-of <instant>',
      'thời điểm đánh giá, ví dụ 2025-03-20T17:00:00+07:00 / instant to evaluate at',
    )
    .option('--config <dir>', 'thư mục cấu hình (mặc định: config/ của dự án) / configuration folder')
    .option('--format <format>', 'json | table', 'json')
    .option('--lang <lang>', 'vi | en (mặc định theo cấu hình / default from configuration)')
    .option(
      '--evidence',
      'kèm mã nghĩa vụ làm căn cứ cho mỗi điểm / include the obligation ids behind each score',
    )
    .action(
      async (opts: {
        bundle: string[];
        asOf?: string;
        config?: string;
        format?: string;
        lang?: string;
        evidence?: boolean;
      }) => {
        exit(
          await (
            await evaluateCommand()
          ).runEvaluate(opts, { stdout: process.stdout, stderr: process.stderr, env: process.env }),
        );
      },
    );

  const io = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

  program
    .command('import')
    .description(
      'Nhập tệp dữ liệu vào cơ sở dữ liệu rồi đánh giá / import bundles into the database and evaluate',
    )
    .option('--bundle <file>', 'tệp dunghan.bundle.v1 (lặp lại được) / bundle file, repeatable', collect, [])
    .option(
      '--as-of <instant>',
      'thời điểm đánh giá sau khi nhập (mặc định: bây giờ) / evaluate as of (default: now)',
    )
    .option('--lang <lang>', 'vi | en')
    .action(async (opts: { bundle: string[]; asOf?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runImport(opts, io())),
    );

  program
    .command('obligations')
    .description(
      'Nghĩa vụ theo dữ liệu đã lưu tại một thời điểm / obligations from the stored data as of an instant',
    )
    .option('--as-of <instant>', 'thời điểm (mặc định: bây giờ) / instant (default: now)')
    .option('--unit <id>', 'chỉ một đơn vị / one unit only')
    .option('--format <format>', 'json | table', 'json')
    .option('--lang <lang>', 'vi | en')
    .action(async (opts: { asOf?: string; unit?: string; format?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runObligations(opts, io())),
    );

  program
    .command('sync')
    .description('Đồng bộ ngay từ các nguồn / sync now from the configured sources')
    .option('--source <name>', 'chỉ một nguồn / one source only')
    .option('--lang <lang>', 'vi | en')
    .action(async (opts: { source?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runSync(opts, io())),
    );

  program
    .command('sources')
    .description('Các nguồn đã cấu hình và lượt đồng bộ gần nhất / configured sources and their last run')
    .action(async () => exit(await (await serviceCommands()).runSources(io())));

  program
    .command('runs')
    .description('Các lượt đồng bộ và bản ghi bị loại / sync runs and their rejections')
    .option('--source <name>', 'chỉ một nguồn / one source only')
    .option('--limit <n>', 'số lượt (mặc định 20) / how many (default 20)')
    .option('--rejections <runId>', 'liệt kê bản ghi bị loại của một lượt / list one run’s rejections')
    .option('--lang <lang>', 'vi | en')
    .action(async (opts: { source?: string; limit?: string; rejections?: string; lang?: string }) =>
      exit(await (await serviceCommands()).runRuns(opts, io())),
    );

  program
    .command('remind')
    .description(
      'Gửi nhắc hạn đến hạn tại một thời điểm (mỗi người một thư mỗi khung giờ) / send the reminders due at an instant',
    )
    .option('--as-of <instant>', 'thời điểm (mặc định: bây giờ) / instant (default: now)')
    .option('--dry-run', 'chỉ in, không gửi / print, do not send')
    .option('--lang <lang>', 'vi | en')
    .action(async (opts: { asOf?: string; dryRun?: boolean; lang?: string }) =>
      exit(await (await remindCommand()).runRemind(opts, io())),
    );

  program
    .command('sent')
    .description('Các thư nhắc đã gửi: cho ai, vì sao / reminders sent: to whom and why')
    .option('--date <YYYY-MM-DD>', 'ngày gửi / day sent')
    .option('--person <id>', 'người nhận / recipient')
    .option('--state <state>', 'claimed | sent')
    .option('--limit <n>', 'số dòng / rows')
    .option('--format <format>', 'table | json', 'table')
    .option('--lang <lang>', 'vi | en')
    .action(
      async (opts: {
        date?: string;
        person?: string;
        state?: string;
        limit?: string;
        format?: string;
        lang?: string;
      }) => exit(await (await remindCommand()).runSent(opts, io())),
    );

  program
    .command('digest')
    .description(
      'Bản tổng hợp tuần cho trưởng đơn vị và lãnh đạo sở / the weekly digest for unit heads and leadership',
    )
    .option('--week <week>', 'tuần được tổng hợp, ví dụ 2025-W11 / the ISO week reported')
    .option('--resend <id>', 'gửi lại một bản tổng hợp đã lưu / re-send a stored digest')
    .option('--unit <id>', 'một đơn vị, hoặc leadership / one unit, or leadership')
    .option('--dry-run', 'chỉ in, không lưu, không gửi / print only')
    .option('--lang <lang>', 'vi | en')
    .action(async (opts: { week: string; unit?: string; dryRun?: boolean; lang?: string }) =>
      exit(await (await import('./cli/digest.command.js')).runDigest(opts, io())),
    );

  program
    .command('snapshot')
    .description(
      'Chốt điểm thi đua của một đợt (sơ kết, tổng kết), so sánh và xuất / freeze, compare and export a phase’s scores',
    )
    .requiredOption('--phase <id>', 'đợt thi đua, ví dụ 2025-1 / campaign phase')
    .option(
      '--freeze',
      'chốt một phiên bản mới nếu số liệu đã đổi / freeze a new version if the numbers changed',
    )
    .option('--by <name>', 'người chốt / who freezes it')
    .option('--as-of <instant>', 'chốt tại thời điểm / freeze as of')
    .option('--list', 'liệt kê các phiên bản / list versions')
    .option('--diff <a..b>', 'so sánh hai phiên bản, ví dụ 1..2 / compare two versions')
    .option('--export <format>', 'xlsx | csv | json')
    .option('--version <n>', 'phiên bản để xuất (mặc định: mới nhất) / version to export (default: latest)')
    .option('--out <file>', 'tệp xuất / output file')
    .action(async (opts: SnapshotOptions) =>
      exit(await (await import('./cli/snapshot.command.js')).runSnapshot(opts, io())),
    );

  const token = program
    .command('token')
    .description('Mã truy cập API / API access tokens (stored hashed, shown once)');
  token
    .command('create')
    .description('Tạo mã truy cập / make a token')
    .requiredOption('--role <role>', 'admin | council | leader | unit_head | staff')
    .option('--person <id>', 'người dùng mã (bắt buộc với unit_head, staff) / the person it speaks for')
    .option(
      '--unit <id>',
      'đơn vị của trưởng đơn vị (mặc định: đơn vị người đó phụ trách) / a unit head’s unit',
    )
    .option('--label <text>', 'tên gợi nhớ / a label')
    .action(async (opts: { role: string; person?: string; unit?: string; label?: string }) =>
      exit(await (await import('./cli/token.command.js')).runToken({ action: 'create', ...opts }, io())),
    );
  token
    .command('list')
    .description('Liệt kê mã truy cập (không hiện mã) / list tokens (never their secret)')
    .action(async () =>
      exit(await (await import('./cli/token.command.js')).runToken({ action: 'list' }, io())),
    );
  token
    .command('revoke <id>')
    .description('Thu hồi mã truy cập / revoke a token')
    .action(async (id: string) =>
      exit(await (await import('./cli/token.command.js')).runToken({ action: 'revoke', id }, io())),
    );

  program
    .command('demo')
    .description(
      'Chạy thử toàn bộ dịch vụ với một sở mẫu, không cần Postgres hay Redis / run the service on a generated sample agency, embedded defaults',
    )
    .option('--once', 'in tóm tắt rồi thoát / print the summary and exit')
    .option('--port <n>', 'cổng của API (mặc định PORT hoặc 3000) / API port (default PORT or 3000)')
    .action(async (opts: { once?: boolean; port?: string }) =>
      exit(await (await import('./demo/demo.command.js')).runDemo(opts, io())),
    );

  program
    .command('api')
    .description('Tiến trình API (HTTP) / the API process')
    .action(async () => exit(await (await import('./main.js')).runApiProcess(process.env)));

  program
    .command('worker')
    .description('Tiến trình xử lý công việc nền, cần REDIS_URL / the job worker process (needs REDIS_URL)')
    .action(async () => exit(await (await import('./worker.js')).runWorkerProcess(process.env)));

  return program;
}

async function main(): Promise<void> {
  const program = buildProgram((code) => {
    process.exitCode = code;
  });
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; every other parse failure is a usage error.
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(`dunghan: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

await main();
