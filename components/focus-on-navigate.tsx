'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { isResidentPath, splitLocalePath } from '@/lib/i18n/locales';

/**
 * After an in-site navigation (the client-side router keeps the document, so the browser does
 * not reset focus), focus moves to the new resident page's heading: a keyboard or screen-reader
 * user starts reading the new page, not where the old link was. A full page load leaves focus
 * to the browser (the skip link is first).
 */
export function FocusOnNavigate() {
  const pathname = usePathname();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    if (!isResidentPath(splitLocalePath(pathname).path)) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return document.getElementById('main')?.focus();
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  }, [pathname]);
  return null;
}
