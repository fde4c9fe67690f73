import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The Nu Html Checker (the W3C validator) from the vnu-jar package; needs Java 8 or later. */
const VNU_JAR = createRequire(path.join(process.cwd(), 'package.json'))('vnu-jar') as string;

export type Served = { label: string; html: string };
type VnuMessage = { type: string; subType?: string; url?: string; message: string; extract?: string; lastLine?: number; lastColumn?: number };

/** Validates every document in one JVM (its start-up is the slow part); returns "page: message" lines. */
export function validate(documents: Served[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnu-'));
  try {
    const files = documents.map((d, i) => {
      const file = path.join(dir, `${String(i).padStart(3, '0')}.html`);
      writeFileSync(file, d.html);
      return file;
    });
    const run = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    const { messages } = JSON.parse(run.stdout) as { messages: VnuMessage[] };
    return messages.map((m) => {
      const index = m.url ? files.findIndex((f) => m.url!.endsWith(path.basename(f))) : -1;
      const where = index >= 0 ? documents[index]!.label : (m.url ?? '?');
      return `${where}: ${m.type}: ${m.message} (line ${m.lastLine ?? '?'}: ${(m.extract ?? '').replace(/\s+/g, ' ').trim()})`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
