/** A consultation's slug, as the database's check constraint (consultations_slug_check) allows. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Whether a value from a URL or a form can name a consultation. Lookups answer "not found" for
 * anything else without asking the database: PostgreSQL refuses a NUL in a parameter with an
 * error, and an unknown shape should not create a cache entry either.
 */
export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && SLUG_PATTERN.test(value);
}
