import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type CaughtMail = { id: number; messageId: string; from: string; to: string[]; subject: string; text: string; receivedAt: string };

export type MailCatcher = {
  smtpPort: number;
  smtpUrl: string;
  httpUrl: string | null;
  messages: CaughtMail[];
  /** Resolves with the first message matching, waiting for it to arrive (no sleeping). */
  waitFor: (match: (mail: CaughtMail) => boolean, timeoutMs?: number) => Promise<CaughtMail>;
  stopSmtp: () => Promise<void>;
  startSmtp: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * A real SMTP server that keeps what it receives, for development and tests. With an HTTP
 * port it also lists messages: GET /messages (JSON), DELETE /messages. Recipients at
 * `@rejected.invalid` are refused (550), as a server refuses one mail while taking others.
 * Recipients at `@held.invalid` are held (no answer to RCPT TO, as a slow server) until
 * POST /release; GET /held lists them.
 */
export async function startMailCatcher(options: { smtpPort?: number; httpPort?: number } = {}): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  const held: { to: string; answer: () => void }[] = [];
  const release = () => held.splice(0).forEach(({ answer }) => answer());

  const makeSmtp = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@rejected.invalid')) {
          callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        } else if (address.address.endsWith('@held.invalid')) {
          held.push({ to: address.address, answer: () => callback() });
        } else callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            messages.push({
              id: nextId++,
              messageId: parsed.messageId ?? '',
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              receivedAt: new Date().toISOString(),
            });
            for (const wake of waiters) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  // A client that goes away mid-conversation (an app instance killed with SIGKILL, its pooled
  // connection reset) is the client's fault, not the server's: the server goes on.
  const makeListeningSmtp = () => makeSmtp().on('error', () => {});
  let smtp = makeListeningSmtp();
  const listenSmtp = (port: number) =>
    new Promise<number>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(port, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port));
    });
  const smtpPort = await listenSmtp(options.smtpPort ?? 0);

  let http: HttpServer | null = null;
  let httpUrl: string | null = null;
  if (options.httpPort !== undefined) {
    http = createHttpServer((req, res) => {
      if (req.url?.startsWith('/messages') && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(messages));
      } else if (req.url?.startsWith('/messages') && req.method === 'DELETE') {
        messages.length = 0;
        res.writeHead(204).end();
      } else if (req.url === '/held' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(held.map((h) => h.to)));
      } else if (req.url === '/release' && req.method === 'POST') {
        release();
        res.writeHead(204).end();
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => http!.listen(options.httpPort, '127.0.0.1', resolve));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  const closeSmtp = () => {
    release();
    return new Promise<void>((resolve) => smtp.close(() => resolve()));
  };

  return {
    smtpPort,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    httpUrl,
    messages,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stopSmtp: closeSmtp,
    async startSmtp() {
      smtp = makeListeningSmtp();
      await listenSmtp(smtpPort);
    },
    async close() {
      await closeSmtp();
      if (http) await new Promise<void>((resolve) => http!.close(() => resolve()));
    },
  };
}
