import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from './data-dir-lock';

// Real processes on a real data directory: the lock is about two processes, so a test inside
// one process would prove nothing.
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'pglite-lock-'));
const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
delete childEnv.DATABASE_URL;
delete childEnv.SMTP_URL;

function tsx(args: string[], env: Record<string, string> = {}): ChildProcess {
  // `node --import tsx`, not the tsx CLI: one process, so its PID is the one in the lock.
  return spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/server-only-hook.mjs', ...args], { cwd: root, env: { ...childEnv, ...env } });
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = tsx(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the embedded data directory lock (two real processes)', () => {
  const dir = path.join(work, 'held');
  let holder: ChildProcess;

  beforeAll(async () => {
    holder = tsx(['lib/testing/hold-database.ts', dir]);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      holder.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('holding')) resolve();
      });
      holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (holder.exitCode === null) {
      const exited = new Promise((resolve) => holder.on('exit', resolve));
      holder.kill('SIGTERM');
      await exited;
    }
  });

  it('holds a lock file with the owner PID and command while open', () => {
    const owner = JSON.parse(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')) as { pid: number; command: string };
    expect(owner.pid).toBe(holder.pid);
    expect(owner.command).toContain('hold-database.ts');
  });

  it('refuses a script on a held directory: exit code 1 and a message naming the holder', async () => {
    const result = await run(['scripts/staff-add.ts', '--email', 'late@example.jp', '--role', 'admin'], { PGLITE_DIR: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`is in use by another process: PID ${holder.pid}`);
    expect(result.stderr).toContain('hold-database.ts');
    expect(result.stderr.trim().split('\n')).toHaveLength(1); // one clear message, no stack trace
    // The holder's lock is untouched.
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(holder.pid);
  }, 120_000);

  it('releases the lock when the holder closes the database', async () => {
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    holder.kill('SIGTERM');
    await exited;
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  }, 60_000);
});

describe('a stale lock (its process is gone)', () => {
  it('is taken over: the script runs, then leaves no lock behind', async () => {
    const dir = path.join(work, 'stale');
    // A PID that was a process of ours and has exited: the app killed without releasing its lock.
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid, command: 'node server.mjs', host: hostname(), since: '2026-01-01T00:00:00.000Z' }));

    const result = await run(['db/migrate.ts'], { PGLITE_DIR: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('migrations applied (pglite)');
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  }, 180_000);
});
