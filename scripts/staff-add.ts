import { parseArgs } from 'node:util';
import { z } from '@/lib/validation/zod';
import { closeProcessDb, processDb } from '@/db/client';
import { staffDepartments } from '@/db/schema';
import { ensureDepartment } from '@/lib/data/departments/departments';
import { upsertStaffFromCommandLine } from '@/lib/data/staff-accounts';
import { addStaffSchema } from '@/lib/validation/staff-accounts';

// npm run staff:add -- --email ADDR --role admin|reviewer [--name NAME] [--department 担当課]…
// Creates a staff account (the first admin, typically), or updates the role and name of an
// existing one and re-enables it; --department (repeatable) adds it to that department,
// created if new (a reviewer sees only their departments' cases). Signing in then works by e-mail link.
const { values } = parseArgs({
  options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, department: { type: 'string', multiple: true } },
});
const parsed = addStaffSchema.safeParse({ email: values.email ?? '', role: values.role ?? '', name: values.name });
if (!parsed.success) {
  console.error('usage: npm run staff:add -- --email ADDR --role admin|reviewer [--name NAME] [--department NAME]...');
  console.error(Object.keys(z.flattenError(parsed.error).fieldErrors).map((field) => `invalid --${field}`).join('\n'));
  process.exit(2);
}
try {
  const db = await processDb();
  const result = await upsertStaffFromCommandLine(db, parsed.data);
  const departments = (values.department ?? []).map((name) => name.trim()).filter(Boolean);
  if (result.ok && departments.length > 0) {
    const ids = await Promise.all(departments.map((name) => ensureDepartment(db, name)));
    await db.insert(staffDepartments).values(ids.map((departmentId) => ({ userId: result.id!, departmentId }))).onConflictDoNothing();
  }
  if (!result.ok) {
    console.error('refused: this is the last active admin; add another admin first');
    process.exitCode = 1;
  } else {
    console.log(`staff account ${result.id} is now ${parsed.data.role}${departments.length > 0 ? ` in ${departments.join(', ')}` : ''}`);
  }
} finally {
  await closeProcessDb();
}
