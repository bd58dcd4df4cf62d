import type { ComposedMail } from './compose.ts';

/**
 * What became of one message:
 * - sent: the SMTP server accepted it after the end of data;
 * - kept: written as an .eml file (no SMTP server configured);
 * - not_sent: it certainly did not leave (refused, or failed before the end of data); it may be retried;
 * - ambiguous: the connection broke after the end of data went out, so nobody knows — never resent by itself;
 * - fenced: another sender owns the message now; this one stopped before the end of data.
 */
export type DeliveryResult =
  | { status: 'sent'; response: string }
  | { status: 'kept'; path: string }
  | { status: 'not_sent'; error: string; permanent: boolean }
  | { status: 'ambiguous'; error: string }
  | { status: 'fenced' };

/** Where messages go: an SMTP server, or a folder of .eml files. */
export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** Where mail goes, safe to print (no password). */
  readonly description: string;
  /** Messages it can carry at the same time. */
  readonly parallel: number;
  /**
   * Delivers one message. `handOver` is called once, just before the point after which the
   * message may have been delivered (the end of data in SMTP, the rename into place for a file);
   * the transport goes past that point only if it resolves true.
   */
  deliver(mail: ComposedMail, handOver: () => Promise<boolean>): Promise<DeliveryResult>;
  close(): Promise<void>;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 500);
  return String(error).slice(0, 500);
}
