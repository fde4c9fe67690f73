import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import ja from '@/messages/ja.json';
import type { DocumentError } from '@/lib/data/cases/documents';
import type { ImportError } from '@/lib/data/cases/items';
import type { LifecycleError } from '@/lib/data/cases/lifecycle';
import type { CaseSaveResult } from '@/lib/data/cases/manage';
import { PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import type { CommentErrorKey } from '@/lib/validation/comment';
import { CASE_ERROR_CODES, COMMENT_ERROR_CODES, caseErrorMessage, commentErrorMessage, type CaseErrorCode, type CommentErrorCode, type MessageKey } from './message-keys';

/** The Japanese text of a `namespace.key`, or undefined when the catalog has none. */
function japanese(key: string): string | undefined {
  let node: unknown = ja;
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

describe('error codes and their messages', () => {
  it.each(CASE_ERROR_CODES)('the case error %s has a Japanese message', (code) => {
    expect(japanese(caseErrorMessage(code))?.trim()).toBeTruthy();
  });

  it.each(COMMENT_ERROR_CODES)('the comment error %s has a Japanese message', (code) => {
    expect(japanese(commentErrorMessage(code))?.trim()).toBeTruthy();
  });

  it('lists exactly the codes the data layer and the comment schema return (checked by typecheck)', () => {
    expectTypeOf<CommentErrorCode>().toEqualTypeOf<CommentErrorKey>();
    type CaseSaveError = Extract<CaseSaveResult, { ok: false }>['error'];
    expectTypeOf<ImportError | LifecycleError | CaseSaveError | Extract<DocumentError, 'notFound'>>().toExtend<CaseErrorCode>();
  });

  it('refuses a key that is not in the catalog (checked by typecheck)', () => {
    // @ts-expect-error a typo is not a message key
    const typo: MessageKey = 'caseErrors.notFund';
    // @ts-expect-error a namespace alone is not a message key
    const namespace: MessageKey = 'caseErrors';
    // @ts-expect-error a code the data layer does not return
    caseErrorMessage('notfound');
    expect([typo, namespace].map(japanese)).toEqual([undefined, undefined]);
  });
});

describe('message keys written in the actions and the form schemas', () => {
  const root = path.join(import.meta.dirname, '..');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
    });
  const namespaces = Object.keys(ja).join('|');
  // zod's messages reach the forms through a cast (schemaFieldErrors): each must be in the catalog.
  const keyPattern = new RegExp(`'((?:${namespaces})\\.[A-Za-z0-9_.]+)'`, 'g');
  const files = [...sources(path.join(root, 'actions')), ...sources(path.join(root, 'validation')), path.join(root, 'auth', 'staff-action.ts')];
  const written = files
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(keyPattern)].map((m) => ({ file: path.relative(root, file), key: m[1]! })))
    // Permissions ('consultation.manage') look like keys of the consultation namespace.
    .filter(({ key }) => !PERMISSIONS.includes(key as Permission));

  it('finds the keys it checks', () => {
    expect(written.length).toBeGreaterThan(50);
  });

  it('every key has a Japanese message', () => {
    expect(written.filter(({ key }) => !japanese(key)?.trim())).toEqual([]);
  });
});
