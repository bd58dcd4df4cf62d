import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { runDueMonths } from '../app/monthly/due-months.ts';
import { publishedShops } from '../app/monthly/published-programs.ts';
import {
  type MonthlyRunOptions,
  type MonthlyRunProgress,
  type MonthlyRunSummary,
  runMonthlyConversion,
} from '../app/monthly/run-monthly-conversion.ts';
import { DomainError } from '../domain/errors.ts';
import { formatEuros } from '../domain/money.ts';
import { deliverPendingMail } from '../mail/deliver-pending-mail.ts';
import { createMailTransport, mailDefaults } from '../mail/mailer.ts';
import { withAppContext } from './app-context.ts';

/** `loyalty run-monthly` and `loyalty send-mail`. */
export function registerMonthlyCommands(program: Command): void {
  registerRunMonthly(program);
  registerSendMail(program);
}

/** What every run of one `run-monthly` shares: mail or not, the batch size, the progress bars. */
type CommandRunOptions = Pick<MonthlyRunOptions, 'mail' | 'batchSize' | 'onProgress' | 'concurrency'>;

/** The runs a `run-monthly` made, and whether some month failed (then the command exits 1). */
interface CommandRuns {
  runs: MonthlyRunSummary[];
  failed: boolean;
}

function registerRunMonthly(program: Command): void {
  program
    .command('run-monthly')
    .description(
      'convert points into this month’s discount codes (every due month, or the one given) and queue the e-mails',
    )
    .option('--shop <id>', 'only this shop (default: every shop with a published program)')
    .option('--month <YYYY-MM>', 'run this month (default: every month due and not yet run)')
    .option('--no-mail', 'issue the codes without queueing e-mails')
    .option('--batch-size <n>', 'members per transaction', '10000')
    .action(async (opts: { shop?: string; month?: string; mail: boolean; batchSize: string }) => {
      await withAppContext(program, async (ctx, config) => {
        const progress = new ProgressBars();
        const runOptions: CommandRunOptions = {
          mail: opts.mail,
          concurrency: config.monthlyRunners,
          batchSize: Number(opts.batchSize),
          onProgress: (p: MonthlyRunProgress) => progress.update(p),
        };
        const { runs, failed } =
          opts.month && opts.shop
            ? await runShopMonth(ctx, runOptions, progress, opts.shop, opts.month)
            : opts.month
              ? await runMonthInEveryShop(ctx, runOptions, progress, opts.month)
              : await runEveryDueMonth(ctx, runOptions, progress, opts.shop);
        if (runs.length === 0 && !failed) console.log('Nothing to convert: every due month has already run.');
        if (failed) process.exitCode = 1;
      });
    });
}

/**
 * `--shop` and `--month`: that one run. A refusal (unknown shop, month not begun, before
 * publishing, older than one converted) ends the command with its one line.
 */
async function runShopMonth(
  ctx: AppContext,
  runOptions: CommandRunOptions,
  progress: ProgressBars,
  shopId: string,
  period: string,
): Promise<CommandRuns> {
  const run = await runMonthlyConversion(ctx, { ...runOptions, shopId, period });
  progress.stop();
  console.log(summaryLine(run));
  return { runs: [run], failed: false };
}

/** `--month` alone: the month in every published shop; a shop refusing it does not stop the others. */
async function runMonthInEveryShop(
  ctx: AppContext,
  runOptions: CommandRunOptions,
  progress: ProgressBars,
  period: string,
): Promise<CommandRuns> {
  const runs: MonthlyRunSummary[] = [];
  let failed = false;
  for (const shopId of await publishedShops(ctx)) {
    try {
      runs.push(await runMonthlyConversion(ctx, { ...runOptions, shopId, period }));
      progress.stop();
      console.log(summaryLine(runs.at(-1)!));
    } catch (error) {
      progress.stop();
      if (!(error instanceof DomainError)) throw error;
      failed = true;
      console.error(`error: ${shopId} ${period}: ${error.message}`);
    }
  }
  return { runs, failed };
}

/** No `--month`: every due month (of the one shop, with `--shop`), as the scheduler runs them. */
async function runEveryDueMonth(
  ctx: AppContext,
  runOptions: CommandRunOptions,
  progress: ProgressBars,
  shopId: string | undefined,
): Promise<CommandRuns> {
  const result = await runDueMonths(ctx, { ...runOptions, ...(shopId ? { shopId } : {}) });
  progress.stop();
  for (const run of result.runs) console.log(summaryLine(run));
  for (const failure of result.failures) {
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    console.error(`error: ${failure.shopId} ${failure.period}: ${reason}`);
  }
  return { runs: result.runs, failed: result.failures.length > 0 };
}

function registerSendMail(program: Command): void {
  program
    .command('send-mail')
    .description('deliver the queued e-mails once (over SMTP_URL, or kept as .eml files when it is not set)')
    .option('--shop <id>', 'only this shop’s e-mails')
    .action(async (opts: { shop?: string }) => {
      await withAppContext(program, async (ctx, config) => {
        const transport = createMailTransport(config);
        const started = performance.now();
        try {
          const report = await deliverPendingMail(ctx, transport, {
            defaults: mailDefaults(config),
            ...(opts.shop ? { shopId: opts.shop } : {}),
          });
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const delivered =
            transport.kind === 'smtp'
              ? `${report.sent} sent through ${transport.description}`
              : `${report.kept} kept as ${transport.description}`;
          console.log(
            `${delivered}; ${report.retrying} to retry later, ${report.failed} failed, ${report.unknown} unknown; ${seconds} s`,
          );
          if (report.failed > 0) process.exitCode = 1;
        } finally {
          await transport.close();
        }
      });
    });
}

/** One line per run: members converted, codes and their value, e-mails queued, time taken. */
export function summaryLine(run: MonthlyRunSummary): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const what = `${n(run.membersConverted)} members converted, ${n(run.membersConverted)} codes worth ${formatEuros(run.codesValueCents, 'en')}, ${n(run.mailsQueued)} e-mails queued`;
  if (run.outcome === 'already_completed')
    return `${run.shopId} ${run.period}: already done earlier (${what})`;
  return `${run.shopId} ${run.period}: ${what} in ${(run.durationMs / 1000).toFixed(1)} s`;
}

/** A progress bar per run, drawn on a terminal only. */
class ProgressBars {
  private bar: SingleBar | undefined;
  private current = '';

  update(p: MonthlyRunProgress) {
    const run = `${p.shopId} ${p.period}`;
    if (run !== this.current) {
      this.stop();
      this.current = run;
      this.bar = new SingleBar({
        format: `${run} [{bar}] {percentage}% | {value}/{total} members | {codes} codes`,
        hideCursor: true,
        stream: process.stdout,
      });
      this.bar.start(Math.max(p.membersTotal, 1), 0, { codes: 0 });
    }
    this.bar?.update(Math.min(p.membersScanned, p.membersTotal), { codes: p.membersConverted });
  }

  stop() {
    this.bar?.stop();
    this.bar = undefined;
    this.current = '';
  }
}
