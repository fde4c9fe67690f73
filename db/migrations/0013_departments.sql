-- 担当課: staff belong to one or more departments, a case to one. Reviewers see only their
-- departments' cases (lib/data/departments/scope.ts); admins see all.
CREATE TABLE "departments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "departments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "departments_name_check" CHECK (length(btrim("name")) between 1 and 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "departments_name_key" ON "departments" USING btree ("name");
--> statement-breakpoint
CREATE TABLE "staff_departments" (
	"user_id" text NOT NULL,
	"department_id" integer NOT NULL,
	CONSTRAINT "staff_departments_pk" PRIMARY KEY("user_id","department_id")
);
--> statement-breakpoint
ALTER TABLE "staff_departments" ADD CONSTRAINT "staff_departments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "staff_departments" ADD CONSTRAINT "staff_departments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "staff_departments_department_idx" ON "staff_departments" USING btree ("department_id");
--> statement-breakpoint
-- One department per distinct department text the existing cases carry.
INSERT INTO "departments" ("name") SELECT DISTINCT btrim("department") FROM "consultations" WHERE btrim("department") <> '' ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "departments" ("name") SELECT '未設定' WHERE EXISTS (SELECT 1 FROM "consultations" WHERE btrim("department") = '') ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "department_id" integer;
--> statement-breakpoint
UPDATE "consultations" c SET "department_id" = d."id", "department" = d."name"
	FROM "departments" d WHERE d."name" = coalesce(nullif(btrim(c."department"), ''), '未設定');
--> statement-breakpoint
ALTER TABLE "consultations" ALTER COLUMN "department_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "consultations_department_idx" ON "consultations" USING btree ("department_id");
--> statement-breakpoint
-- Behaviour is preserved: every existing reviewer keeps seeing every existing case.
INSERT INTO "staff_departments" ("user_id", "department_id")
	SELECT u."id", d."id" FROM "users" u CROSS JOIN "departments" d WHERE u."role" = 'reviewer' ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The text and the id always name the same department. A write that gives the id (the app)
-- takes the text from it; one that gives only the text (the command-line importer, SQL by hand)
-- moves the case to the department of that name, created if new.
CREATE FUNCTION consultations_department_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.department_id IS NOT DISTINCT FROM OLD.department_id AND NEW.department IS DISTINCT FROM OLD.department THEN
    NEW.department_id := NULL;
  END IF;
  IF NEW.department_id IS NULL THEN
    INSERT INTO departments (name) VALUES (btrim(NEW.department)) ON CONFLICT DO NOTHING;
    SELECT id INTO NEW.department_id FROM departments WHERE name = btrim(NEW.department);
  END IF;
  SELECT name INTO NEW.department FROM departments WHERE id = NEW.department_id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER consultations_department_fill BEFORE INSERT OR UPDATE OF department, department_id ON consultations
	FOR EACH ROW EXECUTE FUNCTION consultations_department_fill();
