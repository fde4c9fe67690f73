import { parseArgs } from 'node:util';
import { startMailCatcher } from '@/lib/testing/mail-catcher';

// Development and e2e mail: SMTP on --smtp-port, the received messages as JSON on --http-port.
const { values } = parseArgs({ options: { 'smtp-port': { type: 'string', default: '1025' }, 'http-port': { type: 'string', default: '1080' } } });
const catcher = await startMailCatcher({ smtpPort: Number(values['smtp-port']), httpPort: Number(values['http-port']) });
console.log(`mail catcher: ${catcher.smtpUrl}, messages at ${catcher.httpUrl}/messages`);
const stop = () => void catcher.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
