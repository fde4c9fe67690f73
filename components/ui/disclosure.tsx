import type { ReactNode } from 'react';

/** A section a reader opens when they need it (details/summary: works without JavaScript). */
export function Disclosure({ summary, children, open, className }: { summary: ReactNode; children: ReactNode; open?: boolean; className?: string }) {
  return (
    <details className={['disclosure', className].filter(Boolean).join(' ')} open={open}>
      <summary>{summary}</summary>
      <div className="disclosure-body">{children}</div>
    </details>
  );
}
