import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import pg from 'pg';

/**
 * What a few tests need beyond Node.js: a Chromium for the browser tests, a PostgreSQL server for
 * the tests of row locks, crashes and prepared statements, LibreOffice Calc for the test that opens
 * the orders CSV in a spreadsheet. Each test file that needs one puts
 * `{ skip: requirement.skip }` on its describe and takes the value with `requirement.get()`.
 *
 * Missing, the tests are skipped with one line saying how to get it, except under CI=true, where
 * they run and fail with that line: CI must never pass by skipping. `npm test` checks both itself
 * and prints each missing one's line once, at the end of the run, where it is seen.
 */
export interface Requirement {
  /** The browser's path or the server's URL; undefined when missing. */
  value: string | undefined;
  /** Why the tests are skipped, or undefined when they run (found, or missing under CI=true). */
  skip: string | undefined;
  /** The one line: what is missing and how to get it (empty when found). */
  message: string;
  /** The value, or the line as an error (a missing requirement under CI=true). */
  get(): string;
}

export const inCI = (env: NodeJS.ProcessEnv = process.env) => env.CI === 'true' || env.CI === '1';

/** Where the browser tests look for Chromium after CHROMIUM_PATH. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Where the PostgreSQL-only tests look when the suite runs on PGlite (TEST_DATABASE_URL unset). */
export const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

function requirement(value: string | undefined, missing: string, env: NodeJS.ProcessEnv): Requirement {
  const message = value ? '' : `${inCI(env) ? 'FAILING (CI=true)' : 'SKIPPED'}: ${missing}`;
  return {
    value,
    skip: value || inCI(env) ? undefined : message,
    message,
    get: () => {
      if (value) return value;
      throw new Error(message);
    },
  };
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium (or Chrome) the browser tests drive: CHROMIUM_PATH, else the first of
 * CHROMIUM_CANDIDATES that exists. CHROMIUM_PATH=none pretends there is none.
 */
export function browserRequirement(env: NodeJS.ProcessEnv = process.env): Requirement {
  const chosen = env.CHROMIUM_PATH;
  const found = chosen ? (executable(chosen) ? chosen : undefined) : CHROMIUM_CANDIDATES.find(executable);
  const where = chosen ? `CHROMIUM_PATH=${chosen} is not an executable` : 'no Chromium found';
  return requirement(
    found,
    `browser tests: ${where}. Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary.`,
    env,
  );
}

/** Where the spreadsheet test looks for LibreOffice after SOFFICE_PATH and the PATH. */
export const SOFFICE_CANDIDATES = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];

/**
 * LibreOffice's soffice, which opens the orders CSV as a Finnish spreadsheet user would:
 * SOFFICE_PATH, else `soffice` on the PATH, else one of SOFFICE_CANDIDATES. SOFFICE_PATH=none
 * pretends there is none.
 */
export function spreadsheetRequirement(env: NodeJS.ProcessEnv = process.env): Requirement {
  const chosen = env.SOFFICE_PATH;
  const onPath = (env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'soffice'));
  const found = chosen
    ? executable(chosen)
      ? chosen
      : undefined
    : [...onPath, ...SOFFICE_CANDIDATES].find(executable);
  const where = chosen ? `SOFFICE_PATH=${chosen} is not an executable` : 'no LibreOffice (soffice) found';
  return requirement(
    found,
    `spreadsheet test (the orders CSV in LibreOffice Calc): ${where}. Install it (apt-get install -y --no-install-recommends libreoffice-calc-nogui) or set SOFFICE_PATH.`,
    env,
  );
}

/** The URL of the server, with any password hidden, for messages. */
const shown = (url: string) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
};

/**
 * The PostgreSQL server the PostgreSQL-only tests use: TEST_DATABASE_URL (the suite is on
 * PostgreSQL), else TEST_POSTGRES_URL, else DEFAULT_POSTGRES; present when it answers a query.
 * TEST_POSTGRES_URL=none pretends there is none.
 */
export async function postgresRequirement(env: NodeJS.ProcessEnv = process.env): Promise<Requirement> {
  const url = env.TEST_DATABASE_URL || env.TEST_POSTGRES_URL || DEFAULT_POSTGRES;
  let problem: string | undefined = 'TEST_POSTGRES_URL=none';
  if (url !== 'none') {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('select 1');
      problem = undefined;
    } catch (error) {
      problem = `none answers at ${shown(url)} (${error instanceof Error ? error.message : String(error)})`;
    } finally {
      await client.end().catch(() => {});
    }
  }
  return requirement(
    problem ? undefined : url,
    `PostgreSQL-only tests (row locks, crashes, prepared statements): ${problem}. They need PostgreSQL 15+ at ${DEFAULT_POSTGRES} (user postgres, database test, no password) or at TEST_POSTGRES_URL.`,
    env,
  );
}

/** For the PostgreSQL-only tests: probed once per process. */
let postgresProbe: Promise<Requirement> | undefined;
export const postgresForTests = () => {
  postgresProbe ??= postgresRequirement();
  return postgresProbe;
};
