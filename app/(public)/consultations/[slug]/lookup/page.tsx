import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { OfficialTextNote } from '@/components/official-text-note';
import { readPublicConsultation } from '@/lib/data/public-reads';
import { localeHref, rubyRequested, withRuby } from '@/lib/i18n/server';
import { LookupForm } from './lookup-form';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('lookup');
  // Not for search engines: the page is a form, and a posted answer is one resident's.
  return { title: t('title'), robots: { index: false } };
}

/** 「意見の扱いを確かめる」: a resident finds their own opinions by receipt number (lib/submissions/opinion-lookup). */
export default async function LookupPage({ params }: Props) {
  const { slug } = await params;
  const consultation = await readPublicConsultation(slug);
  if (!consultation) notFound();
  const t = await getTranslations('lookup');
  const tSite = await getTranslations('site');
  const messages = await getMessages();
  const href = await localeHref();
  const caseHref = `/consultations/${slug}`;
  return (
    <>
      <Breadcrumbs trail={[{ href: '/', label: tSite('home') }, { href: caseHref, label: consultation.title, lang: 'ja' }]} current={t('breadcrumb')} />
      {/* Item headings and the city's responses in an answer are the official Japanese text. */}
      <OfficialTextNote />
      <NextIntlClientProvider messages={{ lookup: messages.lookup }}>
        <LookupForm slug={slug} permalink={withRuby(href(`${caseHref}/lookup`), await rubyRequested())} resultsHref={href(`${caseHref}/results`)} caseHref={href(caseHref)} />
      </NextIntlClientProvider>
    </>
  );
}
