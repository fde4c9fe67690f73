-- The inbox filtered by item (alone or with category, status, …) at a million opinions: the
-- item index now also holds the inbox's order and the columns the filters test, so a filtered
-- page is read in order and its count is taken from the index alone, without the table rows.
-- `item_number NULLS FIRST` as the inbox sorts by item (全体について first).
DROP INDEX IF EXISTS "opinions_item_idx";--> statement-breakpoint
CREATE INDEX "opinions_item_idx" ON "opinions" USING btree ("consultation_id","item_number" NULLS FIRST,"received_at" DESC NULLS LAST,"id" DESC NULLS LAST,"category_code","status");
