import Link from 'next/link';
import type { ButtonHTMLAttributes, ComponentProps } from 'react';

type Variant = 'primary' | 'secondary' | 'tertiary' | 'danger';

function classes(variant: Variant, size: 'normal' | 'small', extra?: string) {
  return ['button', variant !== 'primary' && `button-${variant}`, size === 'small' && 'button-small', extra].filter(Boolean).join(' ');
}

/** A button of the design system: primary (filled), secondary (outlined), tertiary (text) or danger. */
export function Button({ variant = 'primary', size = 'normal', className, type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'normal' | 'small' }) {
  return <button type={type} className={classes(variant, size, className)} {...props} />;
}

/** A link drawn as a button (an action that is a page of its own: 新規作成, 紙の意見を入力). Secondary by default. */
export function LinkButton({ variant = 'secondary', size = 'normal', className, ...props }: ComponentProps<typeof Link> & { variant?: Variant; size?: 'normal' | 'small' }) {
  return <Link className={classes(variant, size, className)} {...props} />;
}
