'use client';

import { useActionState, useEffect, useRef } from 'react';
import type { CommentFormState } from '@/lib/actions/comment-form-state';
import { submitCommentAction } from '@/lib/actions/submit-comment';
import type { CommentFormSettings } from '@/db/schema/comment-form-settings';
import { ConfirmStep } from './confirm-step';
import { discardDraft } from './draft-store';
import { InputStep } from './input-step';
import { ReceiptStep, ReplayedStep } from './receipt-step';

type Props = {
  slug: string;
  /** The case page in the form's language. */
  caseHref: string;
  /** Where the form posts without JavaScript: this page's own URL (an empty `action` is invalid HTML). */
  permalink: string;
  title: string;
  settings: CommentFormSettings;
  items: { number: number; heading: string }[];
  initial: CommentFormState;
};

/**
 * The comment form, its confirmation and its receipt. One server action drives every step, so
 * with JavaScript off each button posts the form and the server renders the next state; with
 * JavaScript on the same action is called without a reload, after inline validation. Each step
 * is its own component: input-step.tsx, confirm-step.tsx, receipt-step.tsx.
 */
export function CommentForm({ slug, caseHref, permalink, title, settings, items, initial }: Props) {
  // Not bound to the slug: a bound action hangs the server on a post without JavaScript
  // (vercel/next.js#57867), so the slug travels in a hidden field.
  const [state, formAction, pending] = useActionState(submitCommentAction, initial, permalink);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // A new step moves the focus to its heading (not on the first render: the page's own focus stays).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [state.step]);

  useEffect(() => {
    if (state.step === 'done' || state.step === 'replayed') discardDraft(slug);
  }, [state.step, slug]);

  if (state.step === 'done') return <ReceiptStep caseHref={caseHref} state={state} headingRef={heading} />;
  if (state.step === 'replayed') return <ReplayedStep caseHref={caseHref} receiptNumber={state.receiptNumber} headingRef={heading} />;
  if (state.step === 'confirm') {
    return <ConfirmStep slug={slug} state={state} items={items} formAction={formAction} pending={pending} headingRef={heading} />;
  }
  return (
    <InputStep
      key={JSON.stringify(state)}
      slug={slug}
      title={title}
      settings={settings}
      items={items}
      state={state}
      isInitial={state === initial}
      formAction={formAction}
      pending={pending}
      headingRef={heading}
    />
  );
}
