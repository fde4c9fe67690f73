ALTER TABLE "consultations" ADD COLUMN "channels" jsonb DEFAULT '{"postalAddress":"","fax":"","email":"","counter":""}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "contact" text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "draft" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "closed_early_reason" text;
--> statement-breakpoint
UPDATE "consultations" SET "overview" = (
	SELECT coalesce(jsonb_agg(jsonb_build_object('kind', 'paragraph', 'text', p.value) ORDER BY p.ordinality), '[]'::jsonb)
	FROM jsonb_array_elements_text("overview") WITH ORDINALITY AS p(value, ordinality)
) WHERE jsonb_typeof("overview") = 'array' AND jsonb_typeof("overview" -> 0) = 'string';
--> statement-breakpoint
CREATE TABLE "consultation_documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"content" bytea NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_documents" ADD CONSTRAINT "consultation_documents_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "consultation_documents_consultation_idx" ON "consultation_documents" USING btree ("consultation_id","position");
