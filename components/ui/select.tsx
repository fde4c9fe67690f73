import type { SelectHTMLAttributes } from 'react';

/** A select drawn by the design system (its own border and chevron), not the browser's default. */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <span className="select-wrap">
      <select className={['select', className].filter(Boolean).join(' ')} {...props} />
    </span>
  );
}
