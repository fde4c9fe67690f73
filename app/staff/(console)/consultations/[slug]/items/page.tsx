import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { CaseNav } from '@/components/staff/case-nav';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { blocksToEditableText } from '@/lib/cases/text-blocks';
import { getCaseForStaff } from '@/lib/data/cases/manage';
import { readConsultationWithItems } from '@/lib/data/consultations';
import { ImportForm } from './import-form';
import { ItemForm, RemoveItemForm } from './item-forms';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('caseAdmin');
  return { title: t('itemsTitle', { title: (await params).slug }) };
}

export default async function CaseItemsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('consultation.manage', slug);
  const db = await requestDb();
  const c = await getCaseForStaff(db, actor, slug);
  if (!c) notFound();
  const { items } = await readConsultationWithItems(db, c);
  const t = await getTranslations('caseAdmin');
  const edit = Number((await searchParams).edit);
  const editing = c.state === 'draft' ? items.find((i) => i.number === edit) : undefined;
  const base = `/staff/consultations/${c.slug}/items`;

  return (
    <>
      <h1>{t('itemsTitle', { title: c.title })}</h1>
      <CaseNav slug={c.slug} state={c.state} current="items" />
      <StaffIntl>
        <h2>{t('importHeading')}</h2>
        <ImportForm consultation={c.slug} />

        <h2 id="current">{t('currentItems', { count: items.length })}</h2>
        <p id="remove-item-note">{c.state === 'draft' ? t('removeNote') : t('itemsDraftOnly')}</p>
        {editing && (
          <section aria-labelledby="edit-heading">
            <h3 id="edit-heading">{t('editItem', { number: editing.number })}</h3>
            <ItemForm
              key={editing.number}
              consultation={c.slug}
              values={{ number: editing.number, page: String(editing.page), heading: editing.heading, before: blocksToEditableText(editing.before), after: blocksToEditableText(editing.after) }}
            />
          </section>
        )}
        {items.length > 0 && (
          <Table data-testid="items-table" stacked="phone">
            <thead>
              <tr>
                <th scope="col">{t('itemNumber')}</th>
                <th scope="col">{t('itemPage')}</th>
                <th scope="col">{t('itemHeading')}</th>
                {c.state === 'draft' && <th scope="col">{t('colActions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.number}>
                  <td className="num" data-label={t('itemNumber')}>
                    {item.number}
                  </td>
                  <td className="num" data-label={t('itemPage')}>
                    {item.page}
                  </td>
                  <td className="main" data-label={t('itemHeading')}>
                    {item.heading}
                  </td>
                  {c.state === 'draft' && (
                    <td className="main">
                      <Link href={`${base}?edit=${item.number}#edit-heading`}>{t('editItem', { number: item.number })}</Link>{' '}
                      <RemoveItemForm consultation={c.slug} number={item.number} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {c.state === 'draft' && (
          <section aria-labelledby="add-heading">
            <h3 id="add-heading">{t('addItem')}</h3>
            <ItemForm key={`new-${items.length}`} consultation={c.slug} values={{ page: '', heading: '', before: '', after: '' }} />
          </section>
        )}
      </StaffIntl>
    </>
  );
}
