import type { StartHook } from '../service.ts';
import { webhookDispatcher } from './webhook-dispatcher.ts';

/**
 * Starts the webhook dispatcher with the service (docs/webhooks.md): it polls the outbox every
 * second and sweeps the codes' expiry every minute. Several service processes may each run one:
 * their claims skip one another's rows. The stop function lets the requests in flight finish.
 */
export const webhookJobsHook: StartHook = async ({ ctx, log }) => {
  const dispatcher = webhookDispatcher(ctx, { log });
  dispatcher.start();
  return () => dispatcher.stop();
};
