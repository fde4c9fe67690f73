import { spawn, type ChildProcess } from 'node:child_process';

/** Migrates and seeds the database named by `env` (DATABASE_URL or PGLITE_DIR). */
export async function prepareDatabase(env: NodeJS.ProcessEnv): Promise<void> {
  const prepare = spawn('sh', ['-c', 'npx tsx db/migrate.ts && npx tsx db/seed/index.ts'], { env, stdio: 'inherit' });
  await new Promise((resolve, reject) =>
    prepare.on('exit', (code) => (code === 0 ? resolve(null) : reject(new Error(`seed exited ${code}`)))),
  );
}

export type BenchServer = { base: string; stop: () => void };

/** `next start` on 127.0.0.1:port, resolved once /api/health answers (within a minute). */
export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<BenchServer> {
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env,
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return { base, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  throw new Error('server did not become healthy');
}
