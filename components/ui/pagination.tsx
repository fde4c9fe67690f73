import Link from 'next/link';

/** Previous / next pages of a list, with where the reader is. */
export function Pagination({ label, previous, next, position }: { label: string; previous?: { href: string; label: string }; next?: { href: string; label: string }; position?: string }) {
  return (
    <nav aria-label={label} className="pagination">
      {previous ? (
        <Link href={previous.href} rel="prev" className="pagination-link">
          {previous.label}
        </Link>
      ) : (
        <span />
      )}
      {position && <span className="pagination-position">{position}</span>}
      {next ? (
        <Link href={next.href} rel="next" className="pagination-link">
          {next.label}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
