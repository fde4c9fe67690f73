import type { ReactNode, TableHTMLAttributes } from 'react';

/**
 * A data table. `stacked` tables let their secondary cells (class `secondary`) fold into the row
 * on narrow screens instead of scrolling sideways.
 */
export function Table({ caption, stacked, className, children, ...props }: TableHTMLAttributes<HTMLTableElement> & { caption?: ReactNode; stacked?: boolean }) {
  return (
    <div className="table-wrap">
      <table className={['table', stacked && 'table-stacked', className].filter(Boolean).join(' ')} {...props}>
        {caption && <caption>{caption}</caption>}
        {children}
      </table>
    </div>
  );
}
