import type { AppContext } from '../app/context.ts';
import { type DeliveryOptions, deliverPendingMail } from '../mail/deliver-pending-mail.ts';
import type { MailTransport } from '../mail/transport.ts';
import { serialTask } from './serial-task.ts';

export interface MailSender {
  /** Deliver now (after a monthly run queued messages) instead of at the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Delivers due mail in the background: every `intervalMs` (retries come due over time) and when
 * kicked. Several service processes may each run one: the outbox's leases and fence keep every
 * message to one sender.
 */
export function startMailSender(
  ctx: AppContext,
  transport: MailTransport,
  options: DeliveryOptions & { intervalMs?: number; log?: (line: string) => void } = {},
): MailSender {
  const log = options.log ?? (() => {});
  let stopped = false;
  const stopping = new AbortController();
  const delivery = serialTask(async () => {
    if (stopped) return;
    try {
      const report = await deliverPendingMail(ctx, transport, { ...options, signal: stopping.signal });
      const delivered = report.sent + report.kept;
      if (report.attempted > 0) {
        log(
          `mail: ${delivered} ${transport.kind === 'smtp' ? 'sent' : 'kept'}, ${report.retrying} to retry, ${report.failed} failed, ${report.unknown} unknown`,
        );
      }
    } catch (error) {
      log(`mail: delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const timer = setInterval(() => delivery.trigger(), options.intervalMs ?? 30_000);
  timer.unref();
  delivery.trigger();
  return {
    kick: () => delivery.trigger(),
    stop: async () => {
      stopped = true;
      stopping.abort();
      clearInterval(timer);
      await delivery.idle();
    },
  };
}
