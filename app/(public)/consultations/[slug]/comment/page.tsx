import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { JapaneseDate } from '@/components/japanese-date';
import { requestDb } from '@/lib/auth/request-context';
import type { CommentFormState } from '@/lib/actions/comment-form-state';
import { consultationStatus } from '@/lib/data/consultations';
import { getCommentFormContext } from '@/lib/submissions/form-context';
import { localeHref, rubyRequested, withRuby } from '@/lib/i18n/server';
import { emptyCommentValues } from '@/lib/validation/comment-form-data';
import { CommentForm } from './comment-form';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('comment');
  return { title: t('title') };
}

export default async function CommentPage({ params, searchParams }: Props) {
  const { slug } = await params;
  // Read fresh (not from the page cache): the period decides whether the form is shown.
  const form = await getCommentFormContext(await requestDb(), slug, { staleOnError: true });
  if (!form) notFound();
  const t = await getTranslations('comment');
  const tSite = await getTranslations('site');
  const messages = await getMessages();
  const status = consultationStatus(form, new Date());
  const href = await localeHref();
  const caseHref = `/consultations/${slug}`;

  const requested = Number((await searchParams).item);
  const preselected = form.items.some((i) => i.number === requested) ? requested : null;
  const initial: CommentFormState = { step: 'edit', values: emptyCommentValues(preselected), errors: {} };
  // With furigana on, each step posts to a URL that asks for them again (server.mjs adds them).
  const permalink = withRuby(href(`${caseHref}/comment${preselected === null ? '' : `?item=${preselected}`}`), await rubyRequested());

  return (
    <>
      <Breadcrumbs
        trail={[
          { href: '/', label: tSite('home') },
          { href: caseHref, label: form.title, lang: 'ja' },
        ]}
        current={t('title')}
      />
      {status === 'open' ? (
        <NextIntlClientProvider messages={{ comment: messages.comment, commentErrors: messages.commentErrors }}>
          <CommentForm slug={slug} caseHref={href(caseHref)} permalink={permalink} title={form.title} settings={form.settings} items={form.items} initial={initial} />
        </NextIntlClientProvider>
      ) : (
        <>
          <h1>{t('title')}</h1>
          <p className="notice" role="status">
            {status === 'closed' ? t('closed') : t.rich('upcoming', { opens: () => <JapaneseDate value={form.opensAt} /> })}
          </p>
        </>
      )}
    </>
  );
}
