import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { grantBonusPoints } from '../app/campaigns/grant-bonus-points.ts';
import { customerIdsFromCsv } from '../domain/campaigns/bonus-grant.ts';
import { DomainError } from '../domain/errors.ts';
import { withDatabaseOrService } from './local-service.ts';

interface GrantOptions {
  shop: string;
  grantId: string;
  points: string;
  reason: string;
  customers: string;
}

/** `loyalty campaign grant`: bonus points to the members listed in a file (docs/campaigns.md). */
export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('points campaigns and bonus grants');
  campaign
    .command('grant')
    .description('give bonus points to the members in a file of customer ids (one per line, or a CSV)')
    .requiredOption('--shop <id>', 'the shop')
    .requiredOption('--grant-id <id>', 'an id for this grant: the same grant again pays nothing more')
    .requiredOption('--points <n>', 'points each member gets')
    .requiredOption('--reason <text>', 'why; shown in the members’ ledgers')
    .requiredOption(
      '--customers <file>',
      'customer ids, one per line or the first column of a CSV (- for stdin)',
    )
    .action(async (opts: GrantOptions) => {
      const text = opts.customers === '-' ? await readStdin() : await readFile(opts.customers, 'utf8');
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const result = await grantBonusPoints(ctx, {
            shopId: opts.shop,
            grantId: opts.grantId,
            customerIds: customerIdsFromCsv(text),
            points: Number(opts.points),
            reason: opts.reason,
            author: 'command line',
          });
          console.log(
            `${result.outcome === 'applied' ? 'Granted' : 'Granted before'}: ${result.points} points to ${result.membersGranted} members; ${result.skippedCustomerIds.length} skipped (not members)`,
          );
        },
        async () => {
          throw new DomainError(
            'invalid_input',
            'A service runs on this embedded database: give the grant in the admin (Campaigns) or with POST /v1/bonus-grants',
          );
        },
      );
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
