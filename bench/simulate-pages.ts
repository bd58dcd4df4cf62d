import { createAdminUser, setAdminPassword } from '../src/app/admin-users/users.ts';
import type { AppContext } from '../src/app/context.ts';
import { DomainError } from '../src/domain/errors.ts';
import { buildServer } from '../src/http/server.ts';
import { ceilingRatio, median } from './support.ts';

/** The bench shop's admin user, made (or its password reset) by `benchAdminPages`. */
export const BENCH_ADMIN = { email: 'bench@example.com', password: 'bench password 123' };
const PASSWORD = BENCH_ADMIN.password;

/** Server time of admin pages for the bench shop (100,000 members): median and worst of five, in process. */
export async function benchAdminPages(ctx: AppContext, shopId: string): Promise<void> {
  const { email } = BENCH_ADMIN;
  try {
    await createAdminUser(ctx, { shopId, email, password: PASSWORD });
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'admin_user_exists')) throw error;
    await setAdminPassword(ctx, { shopId, email, password: PASSWORD });
  }
  const app = await buildServer({ ctx });
  await app.ready();
  const login = await app.inject({ method: 'GET', url: '/admin/login' });
  const loginCookie = String(login.headers['set-cookie']).split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
  const signed = await app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, shop: shopId, email, password: PASSWORD }).toString(),
  });
  const cookie = [signed.headers['set-cookie']]
    .flat()
    .map((c) => String(c).split(';')[0])
    .find((c) => c?.startsWith('loyalty_admin='))!;

  // One request first so the figures below are not the process's start-up (compiling, connecting).
  await app.inject({ method: 'GET', url: '/admin/members/cust1', headers: { cookie } });
  const pages: [string, string][] = [
    ['program page with dashboard, last 30 days', '/admin/program'],
    ['dashboard data, last 30 days (live update)', '/admin/program/dashboard.json'],
    ['program page with dashboard, 12 months', '/admin/program?from=2025-05-01&to=2026-04-30'],
    ['settings with estimate, previous month', '/admin/program/settings'],
    ['members, first page', '/admin/members'],
    ['members, page 1,000', '/admin/members?page=1000'],
    ['members, search', '/admin/members?q=customer4242'],
    ['member page', '/admin/members/cust4242'],
    ['codes, all', '/admin/codes'],
    ['codes, used in a month', '/admin/codes?status=used&month=2025-06'],
    ['orders report, last 30 days', '/admin/orders'],
    ['orders report, members only', '/admin/orders?members=1'],
  ];
  console.log(
    '\nAdmin pages, shop with 100,000 members, 1,000,000 orders, 150,000 codes (server time in process; first and median of 5 runs; the dashboard shares its figures for 10 s; the ceiling is the sign-in page):',
  );
  const fiveTimes = async (url: string, headers: Record<string, string>) => {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const response = await app.inject({ method: 'GET', url, headers });
      times.push(performance.now() - t);
      status = response.statusCode;
    }
    return { first: times[0]!, median: median(times), status };
  };
  // The ceiling: a page of the same server that reads nothing of the shop's data.
  const ceiling = await fiveTimes('/admin/login', { 'accept-language': 'fi' });
  console.log(
    `  ceiling: the sign-in page /admin/login, median ${ceiling.median.toFixed(1)} ms (first ${ceiling.first.toFixed(0)} ms)`,
  );
  for (const [name, url] of pages) {
    const { first, median, status } = await fiveTimes(url, { cookie, 'accept-language': 'fi' });
    const flag = first <= 200 && median <= 200 ? '' : '   over 200 ms';
    console.log(
      `  ${name.padEnd(46)} ${url.padEnd(46)} first ${first.toFixed(0).padStart(4)} ms, median ${median.toFixed(0).padStart(4)} ms, ratio to ceiling ${ceilingRatio(median, ceiling.median)}${status === 200 ? '' : ` (HTTP ${status})`}${flag}`,
    );
  }
  await app.close();
}
