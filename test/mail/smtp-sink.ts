import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  messageId: string;
  envelopeTo: string[];
  parsed(): Promise<ParsedMail>;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** How many times each Message-ID arrived. */
  counts(): Map<string, number>;
  close(): Promise<void>;
}

export interface SinkBehaviour {
  /** Answer the end of data with this error instead of accepting (e.g. a 451 for a temporary refusal). */
  refuseData?: (session: SMTPServerSession, raw: string) => { code: number; message: string } | undefined;
  /** Refuse a recipient at RCPT TO. */
  refuseRecipient?: (address: string) => { code: number; message: string } | undefined;
  /** Take the message, then drop the connection without answering the end of data. */
  dropAfterData?: (raw: string) => boolean;
  /** Close connections idle this long (the server's own timeout). */
  idleTimeoutMs?: number;
}

/** A real SMTP server (the smtp-server package) on loopback that keeps what it receives. */
export async function startSmtpSink(behaviour: SinkBehaviour = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    ...(behaviour.idleTimeoutMs ? { socketTimeout: behaviour.idleTimeoutMs } : {}),
    onRcptTo(address, _session, callback) {
      const refusal = behaviour.refuseRecipient?.(address.address);
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const refusal = behaviour.refuseData?.(session, raw);
        if (refusal)
          return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        received.push({
          raw,
          messageId: /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          parsed: () => simpleParser(raw),
        });
        if (behaviour.dropAfterData?.(raw)) {
          // The message is in, but the client never hears so.
          for (const connection of (
            server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
          ).connections) {
            if (connection.id === session.id) connection._socket.destroy();
          }
          return;
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    counts: () => {
      const counts = new Map<string, number>();
      for (const mail of received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
