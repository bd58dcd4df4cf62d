import { createHmac } from 'node:crypto';

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com): the base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>" under the secret's key (the base64 after 'whsec_'),
 * sent as 'v1,<signature>'; during a secret's rotation one for each secret, space-separated.
 */
export function signatureHeader(
  secrets: string[],
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  return secrets.map((secret) => `v1,${sign(secret, id, timestampSeconds, body)}`).join(' ');
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
}

/** The headers of one attempt: its id, its time (seconds) and its signatures. */
export function webhookHeaders(input: {
  secrets: string[];
  eventId: string;
  at: Date;
  body: string;
}): Record<string, string> {
  const timestamp = Math.floor(input.at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': input.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(input.secrets, input.eventId, timestamp, input.body),
  };
}
