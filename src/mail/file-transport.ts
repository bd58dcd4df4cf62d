import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ComposedMail } from './compose.ts';
import { type DeliveryResult, errorText, type MailTransport } from './transport.ts';

/**
 * Keeps messages as .eml files (one folder per shop) when no SMTP server is configured, so a
 * newcomer can open what members would have received. A message is written to a temporary name
 * and renamed into place after the hand-over, so a file is either whole or absent, and writing
 * the same message again replaces it rather than adding a copy.
 */
export function fileTransport(dir: string): MailTransport {
  const root = resolve(dir);
  return {
    kind: 'file',
    description: `.eml files in ${root}`,
    parallel: 8,
    async deliver(mail: ComposedMail, handOver: () => Promise<boolean>): Promise<DeliveryResult> {
      const folder = join(root, fileSafe(mail.shopId));
      const path = join(folder, `${fileSafe(mail.messageKey)}.eml`);
      const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await mkdir(folder, { recursive: true });
        await writeFile(temporary, mail.raw);
      } catch (error) {
        await rm(temporary, { force: true });
        return { status: 'not_sent', error: errorText(error), permanent: false };
      }
      if (!(await handOver().catch(() => false))) {
        await rm(temporary, { force: true });
        return { status: 'fenced' };
      }
      try {
        await rename(temporary, path);
        return { status: 'kept', path };
      } catch (error) {
        await rm(temporary, { force: true });
        return { status: 'not_sent', error: errorText(error), permanent: false };
      }
    },
    async close() {},
  };
}

/** A file name for any id: letters, digits, '-' and '_' stay, everything else is %-escaped (so '..' cannot climb). */
export function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (ch) =>
    [...Buffer.from(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
