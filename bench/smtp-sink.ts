/**
 * A real SMTP server (smtp-server) that keeps only each message's Subject: the sink bench:mail
 * sends to, in a process of its own. Parsing whole messages (the mail catcher's mailparser)
 * would make the sink, not the outbox, what the bench measures.
 *   npx tsx bench/smtp-sink.ts SMTP_PORT HTTP_PORT   (GET http://127.0.0.1:HTTP_PORT/subjects)
 */
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
const subjects: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const headers = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n')[0] ?? '';
      subjects.push(/^Subject: (.*)$/im.exec(headers)?.[1] ?? '');
      callback();
    });
  },
});
smtp.on('error', () => {});
smtp.listen(smtpPort, '127.0.0.1');
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(subjects));
}).listen(httpPort, '127.0.0.1');
