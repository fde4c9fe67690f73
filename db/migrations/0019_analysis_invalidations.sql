-- The analysis worker keeps each case's near-duplicate index in memory between passes
-- (lib/data/analysis/index-cache.ts). Analysis runs tell it when the stored results changed; this
-- table tells it when what the index was built from changed outside a run: an analysed
-- opinion's text (a split keeps the first piece's id) or an opinion removed. One row per
-- statement and case, written by triggers, so no code path can forget it; the worker compares
-- the case's latest row with the one its index was built after, and rebuilds when they differ.
CREATE TABLE "analysis_invalidations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analysis_invalidations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analysis_invalidations" ADD CONSTRAINT "analysis_invalidations_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "analysis_invalidations_consultation_idx" ON "analysis_invalidations" USING btree ("consultation_id","id");
--> statement-breakpoint
CREATE FUNCTION analysis_invalidate_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only cases that still exist: a case being deleted takes its opinions with it.
  INSERT INTO analysis_invalidations (consultation_id, reason)
    SELECT DISTINCT r.consultation_id, 'opinion removed' FROM old_rows r
    WHERE EXISTS (SELECT 1 FROM consultations c WHERE c.id = r.consultation_id)
    ORDER BY 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION analysis_invalidate_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analysis_invalidations (consultation_id, reason) VALUES (OLD.consultation_id, 'opinion text changed');
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Row by row, and only when an update names the text (a split): classifying opinions, which
-- never sets the text, does not fire it at all.
CREATE TRIGGER opinions_analysis_invalidate_text AFTER UPDATE OF text ON opinions
  FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION analysis_invalidate_text();
--> statement-breakpoint
CREATE TRIGGER opinions_analysis_invalidate_delete AFTER DELETE ON opinions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_invalidate_removed();
