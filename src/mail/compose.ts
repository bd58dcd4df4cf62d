import MailComposer from 'nodemailer/lib/mail-composer';
import type { RenderedMessage, ShopMailContext } from '../app/mail/monthly-message.ts';

/** A message ready to hand to a transport: its envelope and its bytes. */
export interface ComposedMail {
  shopId: string;
  messageKey: string;
  /** The Message-ID header, the same on every attempt (it comes from the outbox row). */
  messageId: string;
  from: string;
  to: string;
  raw: Buffer;
}

/**
 * The MIME message (plain text and HTML alternatives), with the shop's name as the sender's name.
 * The Message-ID is built from the outbox row's stable id, so every attempt carries the same one
 * and a receiving system can recognise a copy.
 */
export async function composeMail(
  shop: ShopMailContext,
  row: { message_key: string; message_id: string; recipient: string },
  message: RenderedMessage,
  date: Date,
): Promise<ComposedMail> {
  const messageId = `<${row.message_id}@${domainOf(shop.fromAddress)}>`;
  const composer = new MailComposer({
    from: { name: shop.shopName, address: shop.fromAddress },
    to: row.recipient,
    ...(shop.replyTo ? { replyTo: shop.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId,
    date,
    headers: { 'Auto-Submitted': 'auto-generated' },
    newline: 'win',
  });
  const raw = await composer.compile().build();
  return {
    shopId: shop.shopId,
    messageKey: row.message_key,
    messageId,
    from: shop.fromAddress,
    to: row.recipient,
    raw,
  };
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 && at < address.length - 1 ? address.slice(at + 1) : 'localhost';
}
