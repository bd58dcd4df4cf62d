/**
 * Where webhooks may be sent: https only, except to this machine (http://localhost,
 * http://127.0.0.1, http://[::1]) for development. Returns why a URL is refused, or null.
 */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a URL must not carry a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return null;
  return 'only https URLs are allowed (http only for localhost or 127.0.0.1)';
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The longest URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;
