import type { Resolver } from 'react-hook-form';
import type { CommentFormSettings } from '@/db/schema/comment-form-settings';
import type { CommentFormValues } from '@/lib/validation/comment-form-data';

/**
 * The form's resolver, with zod (most of the form's script) loaded when the resident first
 * enters a field (`preload`) instead of with the page, so that it is there when a field is left.
 * The schema is the server's own. Should the script fail to load, the form goes to the server,
 * which validates every post anyway.
 */
export function lazyCommentResolver(settings: CommentFormSettings, itemNumbers: number[]) {
  let loading: Promise<Resolver<CommentFormValues>> | undefined;
  const load = () =>
    (loading ??= Promise.all([import('@hookform/resolvers/zod'), import('@/lib/validation/comment')]).then(
      ([{ zodResolver }, { commentSchema }]) => zodResolver(commentSchema({ settings, itemNumbers })) as unknown as Resolver<CommentFormValues>,
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const resolver: Resolver<CommentFormValues> = async (values, context, options) => {
    try {
      return await (await load())(values, context, options);
    } catch {
      return { values, errors: {} };
    }
  };
  return { resolver, preload: () => void load().catch(() => undefined) };
}
