-- The analysis worker at 100,000 opinions a case (lib/data/analysis/run.ts).
--
-- analysis_queue: the opinions not analysed yet, filled by a trigger as opinions are inserted,
-- emptied by the run that analyses them. The worker finds its work there instead of comparing
-- every opinion of every case with opinion_analyses on each tick (a scan that grows with the case).
--
-- analysis_invalidations: the worker keeps each case's near-duplicate index in memory between
-- passes (lib/data/analysis/index-cache.ts). Analysis runs tell it when the stored results
-- changed; this table tells it when what the index was built from changed outside a run: an
-- analysed opinion's text (a split keeps the first piece's id), an opinion removed, an item
-- edited. Written by triggers, so no code path can forget it; the worker compares the case's
-- latest row with the one its index was built after, and rebuilds when they differ.
CREATE TABLE "analysis_queue" (
	"opinion_id" bigint PRIMARY KEY NOT NULL,
	"consultation_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analysis_queue" ADD CONSTRAINT "analysis_queue_opinion_id_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."opinions"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "analysis_queue_consultation_idx" ON "analysis_queue" USING btree ("consultation_id","opinion_id");
--> statement-breakpoint
INSERT INTO analysis_queue (opinion_id, consultation_id)
  SELECT o.id, o.consultation_id FROM opinions o
  WHERE NOT EXISTS (SELECT 1 FROM opinion_analyses a WHERE a.opinion_id = o.id);
--> statement-breakpoint
CREATE FUNCTION analysis_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analysis_queue (opinion_id, consultation_id) SELECT id, consultation_id FROM new_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER opinions_analysis_enqueue AFTER INSERT ON opinions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_enqueue();
--> statement-breakpoint
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
--> statement-breakpoint
CREATE FUNCTION analysis_invalidate_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analysis_invalidations (consultation_id, reason)
      SELECT DISTINCT r.consultation_id, 'item changed' FROM old_rows r
      WHERE EXISTS (SELECT 1 FROM consultations c WHERE c.id = r.consultation_id)
      ORDER BY 1;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO analysis_invalidations (consultation_id, reason)
      SELECT DISTINCT r.consultation_id, 'item changed' FROM new_rows r ORDER BY 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER revision_items_analysis_invalidate_insert AFTER INSERT ON revision_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_invalidate_items();
--> statement-breakpoint
CREATE TRIGGER revision_items_analysis_invalidate_update AFTER UPDATE ON revision_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_invalidate_items();
--> statement-breakpoint
CREATE TRIGGER revision_items_analysis_invalidate_delete AFTER DELETE ON revision_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_invalidate_items();
