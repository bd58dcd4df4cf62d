import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { ComposedMail } from './compose.ts';
import { type DeliveryResult, errorText, type MailTransport } from './transport.ts';

type ConnectionOptions = ConstructorParameters<typeof SMTPConnection>[0];
type Auth = { user: string; pass: string };

/**
 * Delivers over SMTP with nodemailer's SMTP client, a few connections kept open side by side.
 *
 * Each message is sent as a stream that withholds its end: after the server has accepted the
 * envelope and the body has been written, the transport asks `handOver()` (which commits the
 * message as being handed over) and only then lets the stream end, which makes the client send
 * the end-of-data dot. Until that dot a broken connection delivers nothing — the server discards
 * an unfinished message — so only the moment between the hand-over and the server's reply is
 * ambiguous, and a message caught in it is never sent again.
 *
 * SMTP_URL: smtp://[user:pass@]host[:port] or smtps:// for TLS from the start; query options
 * `pool` (connections, default 5), `ignoreTLS`, `requireTLS`, `rejectUnauthorized=false`, `name`
 * (EHLO name), and `from` (the default sender address, read by mailDefaults).
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  const { options, auth, parallel, description } = parseSmtpUrl(smtpUrl);
  const slots = Array.from({ length: parallel }, () => new SmtpSlot(options, auth));
  const free = [...slots];
  const waiting: ((slot: SmtpSlot) => void)[] = [];
  const acquire = () =>
    new Promise<SmtpSlot>((resolve) => {
      const slot = free.pop();
      if (slot) resolve(slot);
      else waiting.push(resolve);
    });
  const release = (slot: SmtpSlot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else free.push(slot);
  };
  return {
    kind: 'smtp',
    description,
    parallel,
    async deliver(mail, handOver) {
      const slot = await acquire();
      try {
        return await slot.deliver(mail, handOver);
      } finally {
        release(slot);
      }
    },
    async close() {
      for (const slot of slots) slot.close();
    },
  };
}

export function parseSmtpUrl(smtpUrl: string): {
  options: ConnectionOptions;
  auth: Auth | undefined;
  parallel: number;
  description: string;
} {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new RangeError(`SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
  }
  const secure = url.protocol === 'smtps:';
  const flag = (name: string) => url.searchParams.get(name) === 'true';
  const options: ConnectionOptions = {
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    ignoreTLS: flag('ignoreTLS'),
    requireTLS: flag('requireTLS'),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(url.searchParams.get('name') ? { name: url.searchParams.get('name')! } : {}),
    ...(url.searchParams.get('rejectUnauthorized') === 'false' ? { tls: { rejectUnauthorized: false } } : {}),
  };
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  const parallel = Math.max(1, Math.min(50, Number(url.searchParams.get('pool') ?? 5) || 5));
  const shown = new URL(smtpUrl);
  if (shown.password) shown.password = '***';
  shown.search = '';
  return { options, auth, parallel, description: shown.toString() };
}

/** One SMTP connection, opened when first needed and opened again after it breaks. */
class SmtpSlot {
  private pending: Promise<SMTPConnection> | null = null;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly auth: Auth | undefined,
  ) {}

  async deliver(mail: ComposedMail, handOver: () => Promise<boolean>): Promise<DeliveryResult> {
    const first = await this.attempt(mail, handOver);
    // A kept-open connection the server has meanwhile closed fails before a byte of the message
    // went out: that is no attempt at all, so try once more on a fresh connection.
    if (first.status === 'not_sent' && first.untouched) return this.attempt(mail, handOver);
    return first;
  }

  private async attempt(
    mail: ComposedMail,
    handOver: () => Promise<boolean>,
  ): Promise<DeliveryResult & { untouched?: boolean }> {
    let connection: SMTPConnection;
    try {
      connection = await this.connect();
    } catch (error) {
      this.close();
      return { status: 'not_sent', error: errorText(error), permanent: false };
    }
    const gate: { state: 'closed' | 'open' | 'refused' } = { state: 'closed' };
    const body = new WithheldEnd(mail.raw, async () => {
      const open = await handOver().catch(() => false);
      gate.state = open ? 'open' : 'refused';
      return open;
    });
    const sent = await new Promise<{ error: SmtpError | null; response: string }>((resolve) =>
      connection.send({ from: mail.from, to: [mail.to] }, body, (error, info) =>
        resolve({ error: error as SmtpError | null, response: info?.response ?? '' }),
      ),
    );
    if (!sent.error) return { status: 'sent', response: sent.response };
    const error = sent.error;
    const refusedByServer = typeof error.responseCode === 'number';
    if (gate.state === 'refused') {
      // Stopped before the end of data: the server drops the unfinished message with the connection.
      this.close();
      return { status: 'fenced' };
    }
    if (gate.state === 'open' && !refusedByServer) {
      this.close();
      return { status: 'ambiguous', error: errorText(error) };
    }
    // Refused by the server (envelope or data), or broken before the end of data: not delivered.
    if (
      refusedByServer &&
      (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') &&
      error.responseCode !== 421
    ) {
      await this.reset(connection);
    } else {
      this.close();
    }
    return {
      status: 'not_sent',
      error: errorText(error),
      permanent: refusedByServer && error.responseCode! >= 500,
      untouched: !refusedByServer && !body.started,
    };
  }

  close() {
    const pending = this.pending;
    this.pending = null;
    pending?.then(
      (connection) => connection.close(),
      () => {},
    );
  }

  private connect(): Promise<SMTPConnection> {
    if (this.pending) return this.pending;
    const attempt: Promise<SMTPConnection> = new Promise((resolve, reject) => {
      const connection = new SMTPConnection(this.options);
      // A connection that breaks is forgotten, and the next message opens a new one.
      const forget = () => {
        if (this.pending === attempt) this.pending = null;
      };
      connection.on('error', (error) => {
        forget();
        reject(error);
      });
      connection.once('end', forget);
      connection.connect(() => {
        if (!this.auth) return resolve(connection);
        connection.login(this.auth, (error) => {
          if (!error) return resolve(connection);
          forget();
          connection.close();
          reject(error);
        });
      });
    });
    this.pending = attempt;
    return attempt;
  }

  private reset(connection: SMTPConnection): Promise<void> {
    return new Promise((resolve) =>
      connection.reset((error) => {
        if (error) this.close();
        resolve();
      }),
    );
  }
}

type SmtpError = Error & { code?: string; responseCode?: number };

/**
 * The message's bytes as a stream whose end is withheld until `release()` says so: the SMTP
 * client sends the end-of-data dot only when the stream ends.
 */
class WithheldEnd extends Readable {
  private stage: 'body' | 'waiting' | 'done' = 'body';

  /** Whether the client began reading the message (the server had accepted the envelope). */
  get started(): boolean {
    return this.stage !== 'body';
  }

  constructor(
    private readonly bytes: Buffer,
    private readonly release: () => Promise<boolean>,
  ) {
    super();
  }

  override _read() {
    if (this.stage === 'body') {
      this.stage = 'waiting';
      this.push(this.bytes);
      return;
    }
    if (this.stage !== 'waiting') return;
    this.stage = 'done';
    this.release().then(
      (open) => (open ? this.push(null) : this.destroy(new Error('The message was not handed over'))),
      (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
