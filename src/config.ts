import { MAX_SLICES } from './app/monthly/run-record.ts';

/** Settings read from the environment once at start; nothing else reads process.env. */
export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  /** Where kept e-mails go when no SMTP server is configured. */
  mailDir: string;
  /** The address shoppers and merchants use to reach this service, for links in e-mails. */
  publicUrl: string;
  logLevel: string;
  /** Seed the demo shop on first start of an empty database (default: embedded database only). */
  seedDemo: boolean;
  /**
   * Batches of a monthly run this process converts side by side: by default two on PostgreSQL
   * (1,000,000 members took 52–53 s against 99–103 s with one, bench:monthly on 2 cores) and one
   * on the embedded database, whose single connection would run them in turn anyway.
   */
  monthlyRunners: number;
  /** Limits on slow or numerous clients (milliseconds, counts); see docs/operations.md. */
  http?: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxRequestsPerSocket: number;
    maxConnections: number;
  };
  /**
   * The store API's default budget per key (a shop can have its own); null: no limit. See
   * docs/api.md, "Rate limits".
   */
  apiRateLimit?: { perSecond: number; burst: number } | null;
  /**
   * The shopper routes' budgets: per shopper on the token routes, per client address on the public
   * ones; null: no limit. See docs/operations.md, "Shopper routes' rate limits".
   */
  shopperRateLimits?: {
    perShopper: { perSecond: number; burst: number } | null;
    perAddress: { perSecond: number; burst: number } | null;
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number from 0 to 65535, got "${env.PORT}"`);
  }
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = env.LOYALTY_DATA_DIR ?? './data';
  return {
    host,
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    smtpUrl: env.SMTP_URL || undefined,
    mailDir: env.LOYALTY_MAIL_DIR ?? `${dataDir}/mail`,
    publicUrl: env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    logLevel: env.LOYALTY_LOG ?? 'warn',
    // A real database is never filled with demo data unless asked to.
    seedDemo: env.LOYALTY_SEED_DEMO ? env.LOYALTY_SEED_DEMO === 'true' : !env.DATABASE_URL,
    monthlyRunners: monthlyRunners(env),
    http: {
      requestTimeoutMs: count(env, 'LOYALTY_REQUEST_TIMEOUT_MS', 30_000, 1),
      headersTimeoutMs: count(env, 'LOYALTY_HEADERS_TIMEOUT_MS', 10_000, 1),
      keepAliveTimeoutMs: count(env, 'LOYALTY_KEEP_ALIVE_TIMEOUT_MS', 72_000, 1),
      maxRequestsPerSocket: count(env, 'LOYALTY_MAX_REQUESTS_PER_SOCKET', 0, 0),
      maxConnections: count(env, 'LOYALTY_MAX_CONNECTIONS', 10_000, 0),
    },
    // LOYALTY_API_RATE_PER_SECOND (0: no limit) and LOYALTY_API_RATE_BURST (default: twice the rate).
    apiRateLimit: rateRule(env, 'LOYALTY_API_RATE', { perSecond: 100, burstPerRate: 2 }),
    shopperRateLimits: {
      perShopper: rateRule(env, 'LOYALTY_SHOPPER_RATE', { perSecond: 5, burstPerRate: 6 }),
      perAddress: rateRule(env, 'LOYALTY_SHOPPER_IP_RATE', { perSecond: 50, burstPerRate: 4 }),
    },
  };
}

/**
 * `<prefix>_PER_SECOND` (0: no limit) and `<prefix>_BURST` (default: `burstPerRate` times the
 * rate), with the store API's bounds.
 */
function rateRule(
  env: NodeJS.ProcessEnv,
  prefix: string,
  defaults: { perSecond: number; burstPerRate: number },
): { perSecond: number; burst: number } | null {
  const perSecond = count(env, `${prefix}_PER_SECOND`, defaults.perSecond, 0);
  if (perSecond === 0) return null;
  if (perSecond > 1_000_000) {
    throw new ConfigError(`${prefix}_PER_SECOND must be at most 1000000, got "${perSecond}"`);
  }
  const burst = count(env, `${prefix}_BURST`, defaults.burstPerRate * perSecond, 1);
  if (burst > 10_000_000) {
    throw new ConfigError(`${prefix}_BURST must be at most 10000000, got "${burst}"`);
  }
  return { perSecond, burst };
}

/** LOYALTY_MONTHLY_RUNNERS: at most the four slices a run's members are cut into. */
function monthlyRunners(env: NodeJS.ProcessEnv): number {
  const runners = count(env, 'LOYALTY_MONTHLY_RUNNERS', env.DATABASE_URL ? 2 : 1, 1);
  if (runners > MAX_SLICES) {
    throw new ConfigError(
      `LOYALTY_MONTHLY_RUNNERS must be at most ${MAX_SLICES} (a run has ${MAX_SLICES} slices), got "${runners}"`,
    );
  }
  return runners;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const given = env[name];
  if (given === undefined || given === '') return fallback;
  const n = Number(given);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(`${name} must be a whole number of at least ${min}, got "${given}"`);
  }
  return n;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
