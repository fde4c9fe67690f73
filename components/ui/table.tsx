import type { HTMLAttributes, ReactNode, TableHTMLAttributes } from 'react';

/**
 * A data table of the design system: token borders, a header row on the surface colour, the
 * caption as its title. It sits in a box of its own (`.table-wrap`) so a wide table never widens
 * the page. A `stacked` table lets its rows become blocks below 64rem (`stacked="phone"`: below
 * 40rem, for a table that fits a tablet but not a phone): cells with a `data-label` fold into the
 * row with their column name, the `main` cell (the running text, or a row's forms) and a row's
 * heading (`th`) take the row's full width, and nothing is squeezed to one character per line.
 * `region` names the box as a scrollable region a keyboard can reach (for tables that may still
 * scroll sideways, as a long audit log).
 */
export function Table({
  caption,
  stacked,
  className,
  region,
  wrapClassName,
  children,
  ...props
}: TableHTMLAttributes<HTMLTableElement> & { caption?: ReactNode; stacked?: boolean | 'phone'; region?: { labelledBy: string }; wrapClassName?: string }) {
  const wrap: HTMLAttributes<HTMLDivElement> = region ? { role: 'region', 'aria-labelledby': region.labelledBy, tabIndex: 0 } : {};
  return (
    <div className={['table-wrap', wrapClassName].filter(Boolean).join(' ')} {...wrap}>
      <table className={['table', stacked === 'phone' ? 'table-stacked-phone' : stacked && 'table-stacked', className].filter(Boolean).join(' ')} {...props}>
        {caption && <caption>{caption}</caption>}
        {children}
      </table>
    </div>
  );
}
