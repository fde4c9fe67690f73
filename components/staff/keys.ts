/** Fields where a key press is typing, never a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The opinion (article[data-opinion-id]) the focus is in, or the only one on the page. */
export function focusedOpinion(): HTMLElement | null {
  const inside = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-opinion-id]');
  if (inside) return inside;
  const all = document.querySelectorAll<HTMLElement>('[data-opinion-id]');
  return all.length === 1 ? all[0]! : null;
}
