import { getTranslations } from 'next-intl/server';
import { JapaneseDate } from './japanese-date';

/**
 * The comment period. `closesAt` is the first moment comments are no longer accepted, so the
 * last day shown is the day before it when it falls at midnight in Japan.
 */
export async function Period({ opensAt, closesAt }: { opensAt: string; closesAt: string }) {
  const t = await getTranslations('consultation');
  return t.rich('periodRange', {
    opens: () => <JapaneseDate value={opensAt} />,
    closes: () => <JapaneseDate value={lastDay(closesAt)} />,
  });
}

export function lastDay(closesAt: string): Date {
  return new Date(new Date(closesAt).getTime() - 1);
}
