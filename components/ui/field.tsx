import type { ReactNode } from 'react';

/** What a field gives its control, so the label, hint and error are announced with it. */
export type FieldControlProps = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true };

/** The ids that describe a control: its hint, any further notes (a character count), its error. */
export function describedByOf(id: string, { hint, notes, error }: { hint?: boolean; notes?: string; error?: boolean }): string | undefined {
  return [hint ? `${id}-hint` : null, notes, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** The error under a field's label (already in Japanese); its id is what the control's aria-describedby names. */
export function FieldErrorText({ id, error, as: Tag = 'p' }: { id: string; error?: string; as?: 'p' | 'span' }) {
  if (!error) return null;
  return (
    <Tag className="field-error" id={`${id}-error`}>
      {error}
    </Tag>
  );
}

/**
 * One field: its label, an optional hint, the error (already in Japanese) and the control.
 * The control is rendered by `children`, which receives the id and ARIA attributes to spread.
 *
 * Staff forms show hint and error between the label and the control; the resident comment form
 * shows them below the control (`notes="below"`), with `after` (a character count) between
 * them. `hintAs`/`errorAs` keep each form's elements (a `p` has margins, a `span` none).
 */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  className,
  notes = 'above',
  hintAs: Hint = 'p',
  errorAs = 'p',
  after,
  afterId,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: ReactNode;
  className?: string;
  /** Where the hint and the error sit: above the control (after the label) or below it. */
  notes?: 'above' | 'below';
  hintAs?: 'p' | 'span';
  errorAs?: 'p' | 'span';
  /** Shown after the hint below the control (a character count); `afterId` names it in aria-describedby. */
  after?: ReactNode;
  afterId?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const describedBy = describedByOf(id, { hint: Boolean(hint), notes: afterId, error: Boolean(error) });
  const hintText = hint && (
    <Hint className="hint" id={`${id}-hint`}>
      {hint}
    </Hint>
  );
  const errorText = <FieldErrorText id={id} error={error} as={errorAs} />;
  const control = children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined });
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {required}
      </label>
      {notes === 'above' ? (
        <>
          {hintText}
          {errorText}
          {control}
        </>
      ) : (
        <>
          {control}
          {hintText}
          {after}
          {errorText}
        </>
      )}
    </div>
  );
}

/** A checkbox that must be ticked (a confirmation): its error above it, its label beside it. */
export function CheckboxField({ id, label, error, children }: { id: string; label: ReactNode; error?: string; children: (control: FieldControlProps) => ReactNode }) {
  return (
    <div className="field">
      <FieldErrorText id={id} error={error} />
      <div className="checkbox">
        {children({ id, 'aria-describedby': describedByOf(id, { error: Boolean(error) }), 'aria-invalid': error ? true : undefined })}
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}
