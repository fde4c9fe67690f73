import 'server-only';
import { closeDb, getDb } from '@/db/client';
import { seedIsesaki, ISESAKI_SLUG } from './isesaki';

try {
  const result = await seedIsesaki(await getDb());
  console.log(`${result.created ? 'created' : 'updated'} ${ISESAKI_SLUG}: ${result.itemCount} items`);
} finally {
  await closeDb();
}
