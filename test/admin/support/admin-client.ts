import type { FastifyInstance } from 'fastify';
import { createAdminUser } from '../../../src/app/admin-users/users.ts';
import type { AppContext } from '../../../src/app/context.ts';
import type { ManualClock } from '../../../src/clock.ts';
import { buildServer } from '../../../src/http/server.ts';
import { type TestApp, type TestDatabase, testApp } from '../../support/database.ts';

export interface Response {
  status: number;
  text: string;
  headers: Record<string, unknown>;
  location: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field
  json: any;
}

/** A browser-like client of the admin, in process: it keeps its cookies and finds the page's CSRF token. */
export class AdminClient {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(headers: Record<string, unknown>) {
    const set = headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = String(line).split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(String(line))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    options: {
      form?: Record<string, string | string[]>;
      headers?: Record<string, string>;
      csrf?: string | null;
    } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { 'accept-language': 'en', ...options.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let payload: string | undefined;
    if (options.form) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(options.form))
        for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      const token = options.csrf === undefined ? this.csrf : options.csrf;
      if (token !== null && !body.has('_csrf')) body.set('_csrf', token);
      payload = body.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    this.remember(response.headers);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token && this.cookies.has('loyalty_admin')) this.csrf = token;
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    return {
      status: response.statusCode,
      text: response.body,
      headers: response.headers,
      location: response.headers.location as string | undefined,
      json,
    };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, headers ? { headers } : {});
  }

  post(url: string, form: Record<string, string | string[]>, csrf?: string | null) {
    return this.request('POST', url, { form, ...(csrf !== undefined ? { csrf } : {}) });
  }

  async signIn(shop: string, email: string, password: string): Promise<Response> {
    const page = await this.get(`/admin/login?shop=${shop}`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    return this.post('/admin/login', { shop, email, password, next: '/admin/program' }, token);
  }
}

export const PASSWORD = 'correct horse battery';

/** The address a shop's owner signs in with in the tests. */
export const ownerEmail = (shopId: string) => `owner@${shopId}.example`;

/** Creates the shop's owner as an admin user, who signs in as ownerEmail(shopId) with PASSWORD. */
export async function createOwner(
  ctx: AppContext,
  shopId: string,
  name: string | null = null,
): Promise<void> {
  await createAdminUser(ctx, { shopId, email: ownerEmail(shopId), password: PASSWORD, name });
}

/** The real server on the test database, and a client signed in as a new user of `shopId`. */
export async function adminServer(ctx: AppContext): Promise<FastifyInstance> {
  const app = await buildServer({ ctx });
  await app.ready();
  return app;
}

export async function signedInClient(
  app: FastifyInstance,
  ctx: AppContext,
  shopId: string,
  email = `owner@${shopId}.example`,
) {
  await createAdminUser(ctx, { shopId, email, password: PASSWORD, name: null });
  const client = new AdminClient(app);
  const answer = await client.signIn(shopId, email, PASSWORD);
  if (answer.status !== 303) throw new Error(`Sign-in failed: ${answer.status} ${answer.text.slice(0, 300)}`);
  await client.get('/admin/program');
  return client;
}

/**
 * A new admin user `email` of `shopId` (owner unless `role` says otherwise; PASSWORD) and a client
 * of the server that has sent their sign-in; `signedIn` is the answer, for the tests that look at it.
 */
export async function newUserClient(
  admin: { server: FastifyInstance; ctx: AppContext },
  shopId: string,
  email: string,
  user: { name?: string; role?: 'owner' | 'cashier' } = {},
): Promise<{ client: AdminClient; signedIn: Response }> {
  await createAdminUser(admin.ctx, { shopId, email, ...user, password: PASSWORD });
  const client = new AdminClient(admin.server);
  return { client, signedIn: await client.signIn(shopId, email, PASSWORD) };
}

export interface SignedInAdmin {
  ctx: AppContext;
  clock: ManualClock;
  database: TestDatabase;
  server: FastifyInstance;
  /** Signed in as owner@<shop>.example; a test may replace it with another user's client. */
  client: AdminClient;
  close(): Promise<void>;
}

/**
 * A test database prepared by `setUp` (the shop must exist by its end), the admin server on it,
 * and a client signed in as a new user of `shopId`.
 */
export async function signedInAdmin(
  shopId: string,
  setUp: (app: TestApp) => Promise<void>,
  email?: string,
): Promise<SignedInAdmin> {
  const app = await testApp();
  let server: FastifyInstance | undefined;
  let client: AdminClient;
  try {
    await setUp(app);
    server = await adminServer(app.ctx);
    client = await signedInClient(server, app.ctx, shopId, email);
  } catch (error) {
    // Left open, the database would keep the test process from ending after the failure.
    await server?.close();
    await app.close();
    throw error;
  }
  return {
    ctx: app.ctx,
    clock: app.clock,
    database: app.database,
    server,
    client,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}
