import type { Where } from './config.ts';

export type Language = 'fi' | 'en';

export interface Program {
  name: string;
  language: Language;
  joinPoints: number;
  introUrl: string;
  termsUrl: string;
}

/** One program request per page and store version, shared by every element on it. */
const programs = new Map<string, Promise<Program | null>>();

/** The program as the store version shows it; null where it does not show (or cannot be read). */
export function programOf(where: Where): Promise<Program | null> {
  const path = `/store-versions/${encodeURIComponent(where.version)}/program`;
  const key = `${where.service} ${where.shop} ${path}`;
  let found = programs.get(key);
  if (!found) {
    found = call<{ program: Program | null }>(where, 'GET', path, undefined, false).then(
      (answer) => answer.program,
      () => null,
    );
    programs.set(key, found);
  }
  return found;
}

/** A shopper route of the element's shop; refuses on any status but 2xx. */
export async function call<T>(
  where: Where,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  withToken = true,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (withToken && where.token) headers.authorization = `Bearer ${where.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await fetch(`${where.service}/v1/shopper/shops/${encodeURIComponent(where.shop)}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!answer.ok) throw new Error(`${answer.status}`);
  return answer.json() as Promise<T>;
}
