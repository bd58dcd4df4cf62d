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
  /**
   * Does what the server does when its idle timeout fires, now: answers every open connection with
   * `421 Timeout - closing connection` and closes it. Resolves once each of them is closed on both
   * sides, so the client has seen it go; the test never waits on a clock.
   */
  closeIdleConnections(): Promise<number>;
  close(): Promise<void>;
}

export interface SinkBehaviour {
  /** Answer the end of data with this error instead of accepting (e.g. a 451 for a temporary refusal). */
  refuseData?: (session: SMTPServerSession, raw: string) => { code: number; message: string } | undefined;
  /** Refuse a recipient at RCPT TO. */
  refuseRecipient?: (address: string) => { code: number; message: string } | undefined;
  /** Take the message, then drop the connection without answering the end of data. */
  dropAfterData?: (raw: string) => boolean;
}

interface SinkConnection {
  id: string;
  send(code: number, message: string): void;
  _socket: { destroy(): void };
}

/** A real SMTP server (the smtp-server package) on loopback that keeps what it receives. */
export async function startSmtpSink(behaviour: SinkBehaviour = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  /** Waiters for connections to close, by session id. */
  const closing = new Map<string, () => void>();
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onClose(session) {
      closing.get(session.id)?.();
      closing.delete(session.id);
    },
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
          for (const connection of connections()) {
            if (connection.id === session.id) connection._socket.destroy();
          }
          return;
        }
        callback();
      });
    },
  });
  const connections = () => [...(server as unknown as { connections: Set<SinkConnection> }).connections];
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
    closeIdleConnections: async () => {
      const open = connections();
      const closed = open.map((c) => new Promise<void>((resolve) => closing.set(c.id, resolve)));
      for (const connection of open) connection.send(421, 'Timeout - closing connection');
      await Promise.all(closed);
      return open.length;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
