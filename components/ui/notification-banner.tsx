import type { ReactNode } from 'react';

type Kind = 'info' | 'success' | 'warning' | 'error';

/**
 * A message about the page or the last action. Success is a status (announced politely), an
 * error an alert; info and warning are plain notes.
 */
export function NotificationBanner({ kind, title, children, id }: { kind: Kind; title?: ReactNode; children?: ReactNode; id?: string }) {
  const role = kind === 'error' ? 'alert' : kind === 'success' ? 'status' : undefined;
  return (
    <div className={`banner banner-${kind}`} role={role} id={id} tabIndex={kind === 'error' ? -1 : undefined}>
      {title && <p className="banner-title">{title}</p>}
      {children}
    </div>
  );
}
