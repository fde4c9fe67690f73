import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every server module imports 'server-only', so that a client component that reaches one (even
 * through a pure-looking helper) fails the build instead of shipping database or mail code to the
 * browser. Vitest, the tsx scripts and Playwright load it as an empty module
 * (vitest.config.ts, scripts/server-only-hook.mjs).
 */
const root = path.resolve(import.meta.dirname, '..');

/** Folders whose every module runs on the server only. */
const SERVER_FOLDERS = ['lib/data', 'lib/email', 'lib/auth', 'lib/retention', 'lib/setup', 'lib/seed', 'lib/submissions', 'db'];
const SERVER_FILES = ['lib/env.ts', 'lib/server-start.ts', 'lib/security/ip-hash.ts', 'lib/actions/comment-form-state.ts'];

/** Modules in those folders that client components import on purpose: pure, no I/O, no secrets. */
const SHARED = new Map([
  ['lib/auth/staff-action-state.ts', 'ActionState and IDLE, the state every staff form renders'],
  ['lib/data/triage/coverage.ts', 'the split rules, checked in the browser by the split editor (lib/text/split-marks.ts)'],
  ['db/seed/parse-revision-table.ts', 'the 新旧対照表 parser, shared by the importer, lib/cases and lib/analysis'],
  ['lib/submissions/receipt-number-check.ts', "the receipt number's check character, checked in the lookup form"],
  ['lib/submissions/receipt-number.ts', 'the receipt number format, parsed by lib/validation/retention.ts'],
  ['lib/submissions/opinion-lookup-state.ts', "the lookup action's state, rendered by the lookup form"],
]);

/** Not walked: the schema is read by drizzle-kit (which cannot load 'server-only'); migrations are SQL. */
const NOT_MODULES = ['db/schema', 'db/migrations'];

function modulesUnder(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !NOT_MODULES.some((skip) => file.startsWith(`${skip}/`)));
}

const serverModules = [...SERVER_FOLDERS.flatMap(modulesUnder), ...SERVER_FILES]
  .filter((file) => !SHARED.has(file))
  .sort();

const importsServerOnly = (file: string) => /^import 'server-only';$/m.test(readFileSync(path.join(root, file), 'utf8'));

describe("server modules import 'server-only'", () => {
  it('walks the server folders', () => {
    expect(serverModules.length).toBeGreaterThan(60);
    expect(serverModules).toContain('db/client.ts');
    expect(serverModules).toContain('lib/data/results/publish.ts');
  });

  it.each(serverModules)('%s', (file) => {
    expect(importsServerOnly(file), `${file} lacks import 'server-only'`).toBe(true);
  });

  it('shared modules exist and stay importable from the client', () => {
    for (const file of SHARED.keys()) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
      expect(importsServerOnly(file), `${file} is shared with client components`).toBe(false);
    }
  });
});
