-- Every change to what resident pages show (a case and its items, a published result) is
-- announced on one channel; each app instance LISTENs and empties its page cache
-- (lib/page-cache-listener.ts; the channel's name is in lib/page-cache-contract.mjs). NOTIFY is
-- sent at commit, once per transaction however many statements fired.
CREATE FUNCTION public_comment_page_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('public_comment_page_cache', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER consultations_page_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consultations
  FOR EACH STATEMENT EXECUTE FUNCTION public_comment_page_cache_notify();
--> statement-breakpoint
CREATE TRIGGER revision_items_page_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON revision_items
  FOR EACH STATEMENT EXECUTE FUNCTION public_comment_page_cache_notify();
--> statement-breakpoint
CREATE TRIGGER result_publications_page_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON result_publications
  FOR EACH STATEMENT EXECUTE FUNCTION public_comment_page_cache_notify();
