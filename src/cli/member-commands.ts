import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { eraseCustomer } from '../app/members/erase-customer.ts';
import { personalData } from '../app/members/personal-data.ts';
import { DomainError } from '../domain/errors.ts';
import { erasureJson } from '../http/api/personal-data.ts';
import {
  callLocalService,
  type LocalService,
  ServiceAnswerError,
  withDatabaseOrService,
} from './local-service.ts';

type ErasureJson = ReturnType<typeof erasureJson>;

interface MemberOptions {
  shop: string;
  customer: string;
}

/**
 * `loyalty member export|erase`: a customer's personal data (docs/personal-data.md). Both work while
 * a service runs on the embedded database: through its store API, with an API key made for the
 * one command through the operator API and revoked right after.
 */
export function registerMemberCommands(program: Command): void {
  const member = program
    .command('member')
    .description("a customer's personal data: read all of it, or erase it");

  member
    .command('export')
    .description('write everything stored about a customer as one JSON document (a data access request)')
    .requiredOption('--shop <id>', 'the shop')
    .requiredOption('--customer <id>', "the store's customer id")
    .option('--out <file>', 'write it to this file (default: standard output)')
    .action(async (opts: MemberOptions & { out?: string }) => {
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const document = await personalData(ctx, opts.shop, opts.customer);
          await writeDocument(Readable.from(document), opts);
        },
        async (service) => {
          await withCommandKey(
            service,
            opts.shop,
            'loyalty member export (command line)',
            true,
            async (key) => {
              const answer = await serviceFetch(
                service,
                key,
                'GET',
                `/v1/customers/${encodeURIComponent(opts.customer)}/personal-data`,
              );
              await writeDocument(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>), opts);
            },
          );
        },
      );
    });

  registerErase(program, member);
}

/** `loyalty member erase`: refused without --yes. */
function registerErase(program: Command, member: Command) {
  member
    .command('erase')
    .description(
      "erase a customer's personal data for good: name, e-mail, phone, adjustment reasons; they leave the program and their valid codes are voided (points, orders and billing stay)",
    )
    .requiredOption('--shop <id>', 'the shop')
    .requiredOption('--customer <id>', "the store's customer id")
    .option('--yes', 'confirm: erasing cannot be undone')
    .option('--json', 'print the erasure as JSON')
    .action(async (opts: MemberOptions & { yes?: boolean; json?: boolean }) => {
      if (!opts.yes) {
        throw new DomainError(
          'invalid_input',
          `Erasing cannot be undone: run it again with --yes to erase customer "${opts.customer}" of shop "${opts.shop}" (export their data first with "loyalty member export" if they asked for a copy)`,
        );
      }
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const result = await eraseCustomer(ctx, {
            shopId: opts.shop,
            customerId: opts.customer,
            by: { kind: 'command_line', name: commandLineUser() },
          });
          printErasure(erasureJson(result), opts);
        },
        async (service) => {
          await withCommandKey(
            service,
            opts.shop,
            'loyalty member erase (command line)',
            false,
            async (key) => {
              const answer = await serviceFetch(
                service,
                key,
                'POST',
                `/v1/customers/${encodeURIComponent(opts.customer)}/erase`,
              );
              printErasure((await answer.json()) as ErasureJson, opts);
            },
          );
        },
      );
    });
}

/** Who ran the command, as the erasure records it: the operating system's user on this machine. */
function commandLineUser(): string {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // No entry for this user id (some containers): the host still says where it ran.
  }
  return `${user}@${hostname()}`;
}

/** To the file (written beside it first, so a failure halfway leaves no partial file) or to standard output. */
async function writeDocument(document: Readable, opts: MemberOptions & { out?: string }): Promise<void> {
  if (!opts.out) {
    await pipeline(document, process.stdout as Writable, { end: false });
    return;
  }
  const partial = `${opts.out}.partial`;
  try {
    await pipeline(document, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, opts.out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  console.log(`Wrote everything stored about customer ${opts.customer} of shop ${opts.shop} to ${opts.out}`);
}

function printErasure(erasure: ErasureJson, opts: MemberOptions & { json?: boolean }) {
  if (opts.json) {
    console.log(JSON.stringify(erasure));
    return;
  }
  if (erasure.outcome === 'duplicate') {
    console.log(
      `Customer ${opts.customer} of shop ${opts.shop} was erased before (${erasure.erasedAt}, by ${erasure.erasedBy.name}); nothing changed.`,
    );
    return;
  }
  console.log(
    `Erased customer ${opts.customer} of shop ${opts.shop}: ${erasure.codesVoided} codes voided, ${erasure.messagesCancelled} e-mails cancelled, ${erasure.reasonsErased} adjustment reasons erased; points, orders and billing stay.`,
  );
}

/**
 * Runs `run` with a store API key of the shop made through the running service's operator API for
 * this one command, and revokes it after, whatever happened.
 */
async function withCommandKey(
  service: LocalService,
  shopId: string,
  name: string,
  readOnly: boolean,
  run: (key: string) => Promise<void>,
): Promise<void> {
  const keys = `/shops/${encodeURIComponent(shopId)}/api-keys`;
  const created = await callLocalService<{ id: string; key: string }>(service, 'POST', keys, {
    name,
    readOnly,
  });
  try {
    await run(created.key);
  } finally {
    await callLocalService(service, 'POST', `${keys}/${encodeURIComponent(created.id)}/revoke`, {}).catch(
      () => {},
    );
  }
}

/** A store API request to the running service; a refusal becomes one line with its code. */
async function serviceFetch(service: LocalService, key: string, method: 'GET' | 'POST', path: string) {
  const answer = await fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}` },
  }).catch((error: unknown) => {
    throw new ServiceAnswerError(
      `The service at ${service.url} (pid ${service.pid}) did not answer (${error instanceof Error ? error.message : error}); try again, or stop it and run the command alone.`,
    );
  });
  if (answer.ok && answer.body) return answer;
  const problem = (await answer.json().catch(() => null)) as { detail?: string; code?: string } | null;
  throw new ServiceAnswerError(
    `${problem?.detail ?? `the service answered ${answer.status}`} [${problem?.code ?? answer.status}]`,
  );
}
