import type { MailDefaults } from '../app/mail/mail-settings.ts';
import type { Config } from '../config.ts';
import { fileTransport } from './file-transport.ts';
import { smtpTransport } from './smtp-transport.ts';
import type { MailTransport } from './transport.ts';

/** SMTP when SMTP_URL is set; otherwise messages are kept as .eml files in the mail folder. */
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'mailDir'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(config.mailDir);
}

/**
 * The sender address when a shop has none: `from` in SMTP_URL's query (e.g.
 * smtp://mail.example.com:587?from=loyalty@example.com), else loyalty@ the public address's host.
 */
export function mailDefaults(config: Pick<Config, 'smtpUrl' | 'publicUrl'>): MailDefaults {
  const configured = config.smtpUrl ? new URL(config.smtpUrl).searchParams.get('from') : null;
  const host = new URL(config.publicUrl).hostname || 'localhost';
  return { publicUrl: config.publicUrl, fromAddress: configured ?? `loyalty@${host}` };
}
