import type { InputHTMLAttributes, ReactNode } from 'react';

/** A checkbox with its label beside it (the whole label is the target). */
export function Checkbox({ id, label, className, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { id: string; label: ReactNode }) {
  return (
    <div className={['checkbox', className].filter(Boolean).join(' ')}>
      <input id={id} type="checkbox" {...props} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
