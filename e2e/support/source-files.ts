import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir` (none when it does not exist): the walks find routes and forms from the source. */
export function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}
