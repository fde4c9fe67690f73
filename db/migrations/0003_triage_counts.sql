-- The inbox's counts at a glance (opinion_counts), kept up to date by statement-level triggers
-- with transition tables: one aggregated upsert per statement, however many rows it touched.
-- Rows are upserted in key order so concurrent statements lock counters in the same order.
CREATE OR REPLACE FUNCTION opinion_count_rows(rows_consultation integer, spam boolean, out_of_scope boolean, hidden boolean, item_number integer, category_code text, status text)
RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE AS $$
  SELECT 'all', ''
  UNION ALL SELECT 'excluded', '' WHERE spam OR out_of_scope OR hidden
  UNION ALL SELECT 'item', coalesce(item_number::text, '') WHERE NOT (spam OR out_of_scope OR hidden)
  UNION ALL SELECT 'category', coalesce(category_code, '') WHERE NOT (spam OR out_of_scope OR hidden)
  UNION ALL SELECT 'status', status WHERE NOT (spam OR out_of_scope OR hidden)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION opinion_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO opinion_counts AS c (consultation_id, dimension, key, n)
      SELECT r.consultation_id, d.dimension, d.key, count(*)
      FROM new_rows r CROSS JOIN LATERAL opinion_count_rows(r.consultation_id, r.spam, r.out_of_scope, r.hidden, r.item_number, r.category_code, r.status) d
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (consultation_id, dimension, key) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO opinion_counts AS c (consultation_id, dimension, key, n)
      SELECT r.consultation_id, d.dimension, d.key, -count(*)
      FROM old_rows r CROSS JOIN LATERAL opinion_count_rows(r.consultation_id, r.spam, r.out_of_scope, r.hidden, r.item_number, r.category_code, r.status) d
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (consultation_id, dimension, key) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    INSERT INTO opinion_counts AS c (consultation_id, dimension, key, n)
      SELECT consultation_id, dimension, key, sum(delta) FROM (
        SELECT r.consultation_id, d.dimension, d.key, -1 AS delta
        FROM old_rows r CROSS JOIN LATERAL opinion_count_rows(r.consultation_id, r.spam, r.out_of_scope, r.hidden, r.item_number, r.category_code, r.status) d
        UNION ALL
        SELECT r.consultation_id, d.dimension, d.key, 1
        FROM new_rows r CROSS JOIN LATERAL opinion_count_rows(r.consultation_id, r.spam, r.out_of_scope, r.hidden, r.item_number, r.category_code, r.status) d
      ) changes
      GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (consultation_id, dimension, key) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS opinions_counts_insert ON opinions;
--> statement-breakpoint
CREATE TRIGGER opinions_counts_insert AFTER INSERT ON opinions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opinion_counts_apply();
--> statement-breakpoint
DROP TRIGGER IF EXISTS opinions_counts_update ON opinions;
--> statement-breakpoint
CREATE TRIGGER opinions_counts_update AFTER UPDATE ON opinions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opinion_counts_apply();
--> statement-breakpoint
DROP TRIGGER IF EXISTS opinions_counts_delete ON opinions;
--> statement-breakpoint
CREATE TRIGGER opinions_counts_delete AFTER DELETE ON opinions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION opinion_counts_apply();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION submission_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO opinion_counts AS c (consultation_id, dimension, key, n)
      SELECT consultation_id, 'submissions', '', count(*) FROM new_rows GROUP BY 1 ORDER BY 1
      ON CONFLICT (consultation_id, dimension, key) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    INSERT INTO opinion_counts AS c (consultation_id, dimension, key, n)
      SELECT consultation_id, 'submissions', '', -count(*) FROM old_rows GROUP BY 1 ORDER BY 1
      ON CONFLICT (consultation_id, dimension, key) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS submissions_counts_insert ON submissions;
--> statement-breakpoint
CREATE TRIGGER submissions_counts_insert AFTER INSERT ON submissions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION submission_counts_apply();
--> statement-breakpoint
DROP TRIGGER IF EXISTS submissions_counts_delete ON submissions;
--> statement-breakpoint
CREATE TRIGGER submissions_counts_delete AFTER DELETE ON submissions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION submission_counts_apply();
--> statement-breakpoint
-- Rows that existed before the triggers (a database migrated with data in it).
DELETE FROM opinion_counts;
--> statement-breakpoint
INSERT INTO opinion_counts (consultation_id, dimension, key, n)
  SELECT r.consultation_id, d.dimension, d.key, count(*)
  FROM opinions r CROSS JOIN LATERAL opinion_count_rows(r.consultation_id, r.spam, r.out_of_scope, r.hidden, r.item_number, r.category_code, r.status) d
  GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO opinion_counts (consultation_id, dimension, key, n)
  SELECT consultation_id, 'submissions', '', count(*) FROM submissions GROUP BY 1;
