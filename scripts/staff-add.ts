import { parseArgs } from 'node:util';
import { z } from '@/lib/validation/zod';
import { closeDb, getDb } from '@/db/client';
import { upsertStaffFromCommandLine } from '@/lib/data/staff';
import { addStaffSchema } from '@/lib/validation/staff';

// npm run staff:add -- --email ADDR --role admin|reviewer [--name NAME]
// Creates a staff account (the first admin, typically), or updates the role and name of an
// existing one and re-enables it. Signing in then works by e-mail link.
const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } });
const parsed = addStaffSchema.safeParse({ email: values.email ?? '', role: values.role ?? '', name: values.name });
if (!parsed.success) {
  console.error('usage: npm run staff:add -- --email ADDR --role admin|reviewer [--name NAME]');
  console.error(Object.keys(z.flattenError(parsed.error).fieldErrors).map((field) => `invalid --${field}`).join('\n'));
  process.exit(2);
}
try {
  const result = await upsertStaffFromCommandLine(await getDb(), parsed.data);
  if (!result.ok) {
    console.error('refused: this is the last active admin; add another admin first');
    process.exitCode = 1;
  } else {
    console.log(`staff account ${result.id} is now ${parsed.data.role}`);
  }
} finally {
  await closeDb();
}
