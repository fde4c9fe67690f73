/** A slug suggested from a title: ASCII letters and digits kept, everything else joined by hyphens, else case-<date>. */
export function suggestSlug(title: string, now: Date): string {
  const ascii = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const day = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return ascii.length >= 3 && /^[a-z0-9]/.test(ascii) ? `${ascii}-${day}` : `case-${day}`;
}
