import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers are a lint rule, not a habit (ARCHITECTURE.md): a page or a component that imports
 * the database fails `npm run lint`. These fixtures are linted as if they were such files.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers enforced by lint', () => {
  it('a client component importing the database client fails', async () => {
    const messages = await restricted('components/staff/fixture.tsx', "'use client';\nimport { processDb } from '@/db/client';\nexport const x = processDb;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('lib/data');
  });

  it('a page importing drizzle or a table fails; a type import is fine', async () => {
    const code = "import { eq } from 'drizzle-orm';\nimport { consultations } from '@/db/schema';\nimport type { Consultation } from '@/db/schema';\nexport const x = [eq, consultations] as unknown as Consultation;\n";
    expect(await restricted('app/staff/(console)/fixture/page.tsx', code)).toHaveLength(2);
    expect(await restricted('app/staff/(console)/fixture/page.tsx', "import type { Consultation } from '@/db/schema';\nexport type X = Consultation;\n")).toEqual([]);
  });

  it('the data layer may use the database', async () => {
    expect(await restricted('lib/data/fixture.ts', "import { eq } from 'drizzle-orm';\nimport { processDb } from '@/db/client';\nexport const x = [eq, processDb];\n")).toEqual([]);
  });

  it('the schema importing lib/ fails, by alias or by relative path; its own folder is fine', async () => {
    const aliased = await restricted('db/schema/fixture.ts', "import { DEFAULT_CATEGORIES } from '@/lib/validation/comment';\nexport const x = DEFAULT_CATEGORIES;\n");
    expect(aliased).toHaveLength(1);
    expect(aliased[0]).toContain('db/schema');
    expect(await restricted('db/schema/fixture.ts', "import type { ResultSnapshot } from '../../lib/data/results/public';\nexport type X = ResultSnapshot;\n")).toHaveLength(1);
    expect(await restricted('db/client-fixture.ts', "import { env } from '@/lib/env';\nexport const x = env;\n")).toHaveLength(1);
    expect(await restricted('db/schema/fixture.ts', "import type { ResultSnapshot } from './result-snapshot';\nexport type X = ResultSnapshot;\n")).toEqual([]);
  });
});
