import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'tertiary' | 'danger';

function classes(variant: Variant, size: 'normal' | 'small', extra?: string) {
  return ['button', variant !== 'primary' && `button-${variant}`, size === 'small' && 'button-small', extra].filter(Boolean).join(' ');
}

/** A button of the design system: primary (filled), secondary (outlined), tertiary (text) or danger. */
export function Button({ variant = 'primary', size = 'normal', className, type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'normal' | 'small' }) {
  return <button type={type} className={classes(variant, size, className)} {...props} />;
}

