import type { Command } from 'commander';
import { billingAccount, endSubscription, setShopPrice } from '../app/billing/billing-account.ts';
import { closeDueBillingMonths } from '../app/billing/close-months.ts';
import { monthStatement, requirePeriod } from '../app/billing/month-statement.ts';
import { type BillingPrice, validatePrice } from '../domain/billing/price.ts';
import { DomainError } from '../domain/errors.ts';
import {
  type BillingAccountJson,
  type BillingJson,
  type BillingMonthJson,
  billingAccountJson,
  billingMonthJson,
} from '../http/api/operator-billing-schemas.ts';
import { callLocalService, type LocalService, withDatabaseOrService } from './local-service.ts';

/**
 * `loyalty billing show|price|close|end`: the operator's view of a shop's subscription and
 * invoices. While a service runs on the embedded database they go through its operator API (see
 * local-service.ts), and print the same either way.
 */
export function registerBillingCommands(program: Command): void {
  const billing = program
    .command('billing')
    .description("a shop's subscription, price and monthly invoice lines");
  registerShow(program, billing);
  registerPrice(program, billing);
  registerClose(program, billing);
  registerEnd(program, billing);
}

const shopPath = (shopId: string) => `/shops/${encodeURIComponent(shopId)}/billing`;

function registerShow(program: Command, billing: Command): void {
  billing
    .command('show')
    .description('the subscription, the price and a month’s invoice lines (default: this month to date)')
    .requiredOption('--shop <id>', 'the shop')
    .option('--month <YYYY-MM>', 'the month (closed: as recorded; open: to date)')
    .option('--json', 'print JSON')
    .action(async (opts: { shop: string; month?: string; json?: boolean }) => {
      if (opts.month !== undefined) requirePeriod(opts.month);
      const print = (account: BillingAccountJson, month: BillingMonthJson) => {
        if (opts.json) {
          console.log(JSON.stringify({ account, month }));
          return;
        }
        for (const line of accountLines(account)) console.log(line);
        console.log('');
        for (const line of monthLines(month)) console.log(line);
      };
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const account = billingAccountJson(await billingAccount(ctx, opts.shop));
          print(account, billingMonthJson(await monthStatement(ctx, opts.shop, opts.month)));
        },
        async (service) => {
          const {
            currentMonth,
            closedMonths: _,
            ...account
          } = await callLocalService<BillingJson>(service, 'GET', shopPath(opts.shop));
          const month = opts.month
            ? await callLocalService<BillingMonthJson>(
                service,
                'GET',
                `${shopPath(opts.shop)}/months/${opts.month}`,
              )
            : currentMonth;
          print(account, month);
        },
      );
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
      const price = opts.default ? null : validatePrice(priceOf(opts));
      const print = (account: BillingAccountJson) => {
        for (const line of accountLines(account)) console.log(line);
      };
      await withDatabaseOrService(
        program,
        async (ctx) => print(billingAccountJson(await setShopPrice(ctx, opts.shop, price))),
        async (service) =>
          print(
            price
              ? await callLocalService<BillingAccountJson>(
                  service,
                  'PUT',
                  `${shopPath(opts.shop)}/price`,
                  price,
                )
              : await callLocalService<BillingAccountJson>(service, 'DELETE', `${shopPath(opts.shop)}/price`),
          ),
      );
    });
}

interface Closing {
  closed: { shopId: string; month: string; totalCents: number }[];
  failures: string[];
}

function registerClose(program: Command, billing: Command): void {
  billing
    .command('close')
    .description(
      'close every billing month that has ended and is not closed yet (the monthly job does this too)',
    )
    .option('--shop <id>', 'only this shop')
    .action(async (opts: { shop?: string }) => {
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const result = await closeDueBillingMonths(ctx, opts.shop ? { shopId: opts.shop } : {});
          printClosing({
            closed: result.closed.map((m) => ({
              shopId: m.shopId,
              month: m.period,
              totalCents: m.totalCents,
            })),
            failures: result.failures.map(
              (f) =>
                `${f.shopId} ${f.period}: ${f.error instanceof Error ? f.error.message : String(f.error)}`,
            ),
          });
        },
        async (service) => printClosing(await closeThroughService(service, opts.shop)),
      );
    });
}

/** Closes one shop's months, or every shop's one shop at a time, through the running service. */
async function closeThroughService(service: LocalService, shopId: string | undefined): Promise<Closing> {
  const shops = shopId ? [shopId] : await everyShopId(service);
  const closing: Closing = { closed: [], failures: [] };
  for (const shop of shops) {
    try {
      const answer = await callLocalService<{ closed: BillingMonthJson[] }>(
        service,
        'POST',
        `${shopPath(shop)}/close`,
      );
      closing.closed.push(
        ...answer.closed.map((m) => ({ shopId: shop, month: m.month, totalCents: m.totalCents })),
      );
    } catch (error) {
      // One shop alone is the command's answer; among all, the others go ahead (as the job does).
      if (shopId) throw error;
      closing.failures.push(`${shop}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return closing;
}

async function everyShopId(service: LocalService): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const query: string = `?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const page = await callLocalService<{ data: { id: string }[]; nextAfter: string | null }>(
      service,
      'GET',
      `/shops${query}`,
    );
    ids.push(...page.data.map((s) => s.id));
    after = page.nextAfter;
  } while (after);
  return ids;
}

function printClosing(closing: Closing) {
  for (const month of closing.closed) {
    console.log(`Closed ${month.shopId} ${month.month}: ${euros(month.totalCents)}`);
  }
  for (const failure of closing.failures) console.error(`error: ${failure}`);
  if (closing.closed.length === 0 && closing.failures.length === 0) console.log('Nothing to close.');
  if (closing.failures.length > 0) process.exitCode = 1;
}

function registerEnd(program: Command, billing: Command): void {
  billing
    .command('end')
    .description('end the shop’s subscription: billing stops now (this month’s fee pro rata up to today)')
    .requiredOption('--shop <id>', 'the shop')
    .action(async (opts: { shop: string }) => {
      const print = (account: BillingAccountJson) => {
        for (const line of accountLines(account)) console.log(line);
      };
      await withDatabaseOrService(
        program,
        async (ctx) => print(billingAccountJson(await endSubscription(ctx, opts.shop))),
        async (service) =>
          print(await callLocalService<BillingAccountJson>(service, 'POST', `${shopPath(opts.shop)}/end`)),
      );
    });
}

function priceOf(opts: { feeCents?: string; commissionBp?: string }): BillingPrice {
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

const percent = (bp: number | null) => `${((bp ?? 0) / 100).toFixed(2)} %`;

function accountLines(account: BillingAccountJson): string[] {
  const { price } = account;
  return [
    `Shop ${account.shopId}: ${account.state}`,
    `Price: ${euros(price.monthlyFeeCents)} a month + ${percent(price.commissionBp)} commission (${account.ownPrice ? 'the shop’s own' : 'default'})`,
    `Billing started: ${account.billingStartedAt ?? 'not yet (starts when the program is first published)'}`,
    ...(account.endedAt ? [`Ended: ${account.endedAt}`] : []),
    `Time zone: ${account.timeZone}`,
  ];
}

function monthLines(month: BillingMonthJson): string[] {
  const head = {
    closed: `${month.month}: closed ${month.closedAt ?? ''}`,
    open: `${month.month}: open, to date`,
    not_billed: `${month.month}: not billed`,
  }[month.status];
  if (month.lines.length === 0) return [head];
  return [head, ...month.lines.map(lineText), `  total  ${euros(month.totalCents)}`];
}

const KIND_TEXT: Record<BillingMonthJson['lines'][number]['kind'], string> = {
  fee: 'monthly fee',
  commission: 'commission',
  return_credit: 'return credit',
  late_commission: 'commission reported late',
  late_return_credit: 'return credit reported late',
};

function lineText(line: BillingMonthJson['lines'][number]): string {
  const what =
    line.kind === 'fee'
      ? `monthly fee ${euros(line.basisCents)} × ${line.days}/${line.monthDays} days`
      : `${KIND_TEXT[line.kind]} ${percent(line.rateBp)} of ${euros(line.basisCents)}${line.forMonth ? ` from ${line.forMonth}` : ''}`;
  return `  ${line.kind.padEnd(18)}  ${euros(line.amountCents).padStart(14)}  ${what}`;
}
