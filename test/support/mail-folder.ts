import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What `opening` opens (a test app, an API harness) with a folder of its own for the mail kept as
 * files (the service's LOYALTY_MAIL_DIR without SMTP), removed when it closes.
 */
export async function withMailDir<T extends { close(): Promise<void> }>(
  opening: Promise<T>,
): Promise<T & { mailDir: string }> {
  const opened = await opening;
  const close = opened.close.bind(opened);
  const mailDir = await mkdtemp(join(tmpdir(), 'loyalty-mail-'));
  return Object.assign(opened, {
    mailDir,
    close: async () => {
      try {
        await close();
      } finally {
        await rm(mailDir, { recursive: true, force: true });
      }
    },
  });
}
