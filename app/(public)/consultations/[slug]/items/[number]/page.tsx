import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { DiffText } from '@/components/diff-text';
import { OfficialTextNote } from '@/components/official-text-note';
import { readPublicConsultation } from '@/lib/data/public-reads';
import { localeHref, requestLocale } from '@/lib/i18n/server';
import { charDiff, splitSides } from '@/lib/text/char-diff';

type Props = { params: Promise<{ slug: string; number: string }> };

async function load(params: Props['params']) {
  const { slug, number } = await params;
  if (!/^\d{1,4}$/.test(number)) return null;
  const consultation = await readPublicConsultation(slug);
  const index = consultation?.items.findIndex((i) => i.number === Number(number)) ?? -1;
  if (!consultation || index < 0) return null;
  return {
    consultation,
    item: consultation.items[index]!,
    previous: consultation.items[index - 1],
    next: consultation.items[index + 1],
  };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await load(params);
  if (!loaded) return {};
  const t = await getTranslations('item');
  const { consultation, item } = loaded;
  return {
    title: `${t('title', { number: item.number })} ${item.heading}`,
    description: t('description', { title: consultation.title, number: item.number, heading: item.heading }),
  };
}

export default async function ItemPage({ params }: Props) {
  const loaded = await load(params);
  if (!loaded) notFound();
  const { consultation, item, previous, next } = loaded;
  const t = await getTranslations('item');
  const tSite = await getTranslations('site');
  const sides = splitSides(charDiff(item.beforeText, item.afterText));
  const marks = { deleted: t('deletedMark'), inserted: t('insertedMark'), end: t('markEnd'), lang: await requestLocale() };
  const href = await localeHref();
  const caseHref = `/consultations/${consultation.slug}`;

  return (
    <>
      <Breadcrumbs
        trail={[
          { href: '/', label: tSite('home') },
          { href: caseHref, label: consultation.title, lang: 'ja' },
        ]}
        current={t('title', { number: item.number })}
      />
      <h1>
        {t('title', { number: item.number })}
        <br />
        <small>{t.rich('meta', { page: item.page, heading: () => <span lang="ja">{item.heading}</span> })}</small>
      </h1>
      <OfficialTextNote />

      <p className="legend">
        <span>{t('legend')}</span>
        <span>
          <del>{t('legendDeleted')}</del>
        </span>
        <span>
          <ins>{t('legendInserted')}</ins>
        </span>
      </p>

      <div className="compare">
        <section aria-labelledby="before-heading">
          <h2 id="before-heading">{t('before')}</h2>
          {item.beforeText === '' ? <p>{t('noBefore')}</p> : <DiffText segments={sides.before} marks={marks} />}
        </section>
        <section aria-labelledby="after-heading">
          <h2 id="after-heading">{t('after')}</h2>
          <DiffText segments={sides.after} marks={marks} />
        </section>
      </div>

      <nav className="pager" aria-label={t('pager')}>
        {previous ? (
          <Link href={href(`${caseHref}/items/${previous.number}`)} rel="prev">
            ← {t('previous', { number: previous.number })}
          </Link>
        ) : (
          <span />
        )}
        <Link href={href(`${caseHref}#items`)}>{t('backToCase')}</Link>
        {next ? (
          <Link href={href(`${caseHref}/items/${next.number}`)} rel="next">
            {t('next', { number: next.number })} →
          </Link>
        ) : (
          <span />
        )}
      </nav>

      <section id="comment" className="comment-slot" aria-labelledby="comment-heading">
        <h2 id="comment-heading">{t('commentHeading')}</h2>
        <p>{t('commentPlaceholder')}</p>
        <p>
          <Link className="button" href={href(`${caseHref}/comment?item=${item.number}`)}>
            {t('commentLink', { number: item.number })}
          </Link>
        </p>
      </section>
    </>
  );
}
