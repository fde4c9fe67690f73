import 'server-only';
import { closeProcessDb, processDb } from '@/db/client';
import { seedIsesaki, ISESAKI_SLUG } from './isesaki';

try {
  const result = await seedIsesaki(await processDb());
  console.log(`${result.created ? 'created' : 'updated'} ${ISESAKI_SLUG}: ${result.itemCount} items`);
} finally {
  await closeProcessDb();
}
