import { afterEach, describe, expect, it } from 'vitest';
import { assertServerEnvironment, PUBLIC_ORIGIN_MISSING, publicOrigin, resetEnvForTests } from './env';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
}

describe('the public origin (sign-in links point there alone)', () => {
  it('a production server refuses to start without AUTH_URL or APP_URL, and says why', () => {
    setEnv({ NODE_ENV: 'production', AUTH_URL: undefined, APP_URL: undefined, PGLITE_DIR: 'memory://' });
    expect(() => assertServerEnvironment()).toThrow(PUBLIC_ORIGIN_MISSING);
  });

  it('is AUTH_URL, else APP_URL, reduced to its origin', () => {
    setEnv({ NODE_ENV: 'production', AUTH_URL: 'https://comment.city.example.jp/some/path', APP_URL: 'https://other.example.jp', PGLITE_DIR: 'memory://' });
    expect(() => assertServerEnvironment()).not.toThrow();
    expect(publicOrigin()).toBe('https://comment.city.example.jp');
    setEnv({ AUTH_URL: undefined });
    expect(publicOrigin()).toBe('https://other.example.jp');
  });

  it('outside production, without one, is localhost (never a request header)', () => {
    setEnv({ NODE_ENV: 'development', AUTH_URL: undefined, APP_URL: undefined, PORT: '3456', PGLITE_DIR: 'memory://' });
    expect(publicOrigin()).toBe('http://localhost:3456');
  });
});
