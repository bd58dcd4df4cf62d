import type { Command } from 'commander';
import {
  type BillingAccount,
  billingAccount,
  endSubscription,
  setShopPrice,
} from '../app/billing/billing-account.ts';
import { closeDueBillingMonths } from '../app/billing/close-months.ts';
import { type InvoiceLine, type MonthStatement, monthStatement } from '../app/billing/month-statement.ts';
import { DomainError } from '../domain/errors.ts';
import { withAppContext } from './app-context.ts';

/** `loyalty billing show|price|close|end`: the operator's view of a shop's subscription and invoices. */
export function registerBillingCommands(program: Command): void {
  const billing = program
    .command('billing')
    .description("a shop's subscription, price and monthly invoice lines");
  registerShow(program, billing);
  registerPrice(program, billing);
  registerClose(program, billing);
  registerEnd(program, billing);
}

function registerShow(program: Command, billing: Command): void {
  billing
    .command('show')
    .description('the subscription, the price and a month’s invoice lines (default: this month to date)')
    .requiredOption('--shop <id>', 'the shop')
    .option('--month <YYYY-MM>', 'the month (closed: as recorded; open: to date)')
    .option('--json', 'print JSON')
    .action(async (opts: { shop: string; month?: string; json?: boolean }) => {
      await withAppContext(program, async (ctx) => {
        const account = await billingAccount(ctx, opts.shop);
        const statement = await monthStatement(ctx, opts.shop, opts.month);
        if (opts.json) {
          console.log(JSON.stringify({ account, month: statement }));
          return;
        }
        for (const line of accountLines(account)) console.log(line);
        console.log('');
        for (const line of statementLines(statement)) console.log(line);
      });
    });
}

function registerPrice(program: Command, billing: Command): void {
  billing
    .command('price')
    .description(
      "set the shop's price: a monthly fee in cents and a commission in basis points (150 = 1.5 %)",
    )
    .requiredOption('--shop <id>', 'the shop')
    .option('--fee-cents <n>', 'the monthly fee in cents, e.g. 2900')
    .option('--commission-bp <n>', 'the commission on members’ delivered value in basis points, e.g. 150')
    .option('--default', 'use the service’s default price again')
    .action(async (opts: { shop: string; feeCents?: string; commissionBp?: string; default?: boolean }) => {
      const price = opts.default ? null : priceOf(opts);
      await withAppContext(program, async (ctx) => {
        const account = await setShopPrice(ctx, opts.shop, price);
        for (const line of accountLines(account)) console.log(line);
      });
    });
}

function registerClose(program: Command, billing: Command): void {
  billing
    .command('close')
    .description(
      'close every billing month that has ended and is not closed yet (the monthly job does this too)',
    )
    .option('--shop <id>', 'only this shop')
    .action(async (opts: { shop?: string }) => {
      await withAppContext(program, async (ctx) => {
        const result = await closeDueBillingMonths(ctx, opts.shop ? { shopId: opts.shop } : {});
        for (const month of result.closed) {
          console.log(`Closed ${month.shopId} ${month.period}: ${euros(month.totalCents)}`);
        }
        for (const failure of result.failures) {
          const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
          console.error(`error: ${failure.shopId} ${failure.period}: ${reason}`);
        }
        if (result.closed.length === 0 && result.failures.length === 0) console.log('Nothing to close.');
        if (result.failures.length > 0) process.exitCode = 1;
      });
    });
}

function registerEnd(program: Command, billing: Command): void {
  billing
    .command('end')
    .description('end the shop’s subscription: billing stops now (this month’s fee pro rata up to today)')
    .requiredOption('--shop <id>', 'the shop')
    .action(async (opts: { shop: string }) => {
      await withAppContext(program, async (ctx) => {
        for (const line of accountLines(await endSubscription(ctx, opts.shop))) console.log(line);
      });
    });
}

function priceOf(opts: { feeCents?: string; commissionBp?: string }) {
  if (opts.feeCents === undefined || opts.commissionBp === undefined) {
    throw new DomainError('invalid_input', 'Give both --fee-cents and --commission-bp, or --default');
  }
  return { monthlyFeeCents: wholeNumber(opts.feeCents), commissionBp: wholeNumber(opts.commissionBp) };
}

/** A whole number as typed, or NaN (which the price's validation names). */
function wholeNumber(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} EUR`;
}

function accountLines(account: BillingAccount): string[] {
  const { price } = account;
  return [
    `Shop ${account.shopId}: ${account.state}`,
    `Price: ${euros(price.monthlyFeeCents)} a month + ${(price.commissionBp / 100).toFixed(2)} % commission (${account.ownPrice ? 'the shop’s own' : 'default'})`,
    `Billing started: ${account.billingStartedAt?.toISOString() ?? 'not yet (starts when the program is first published)'}`,
    ...(account.endedAt ? [`Ended: ${account.endedAt.toISOString()}`] : []),
    `Time zone: ${account.timeZone}`,
  ];
}

function statementLines(statement: MonthStatement): string[] {
  const head = {
    closed: `${statement.period}: closed ${statement.closedAt?.toISOString() ?? ''}`,
    open: `${statement.period}: open, to date`,
    not_billed: `${statement.period}: not billed`,
  }[statement.status];
  if (statement.lines.length === 0) return [head];
  return [head, ...statement.lines.map(lineText), `  total  ${euros(statement.totalCents)}`];
}

function lineText(line: InvoiceLine): string {
  const what =
    line.kind === 'fee'
      ? `monthly fee ${euros(line.basisCents)} × ${line.days}/${line.monthDays} days`
      : `${line.kind === 'commission' ? 'commission' : 'return credit'} ${((line.rateBp ?? 0) / 100).toFixed(2)} % of ${euros(line.basisCents)}`;
  return `  ${line.kind.padEnd(13)}  ${euros(line.amountCents).padStart(14)}  ${what}`;
}
