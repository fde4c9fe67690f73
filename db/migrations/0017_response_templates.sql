-- 定型文: reusable 市の考え方 passages, for one case (consultation_id) or for the whole city
-- (consultation_id null). Every save keeps the earlier text in response_template_versions;
-- inserting a template copies its text into a draft, so editing a template never changes a draft.
CREATE TABLE "response_templates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"consultation_id" integer,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_templates_title_check" CHECK (char_length(btrim("title")) between 1 and 100),
	CONSTRAINT "response_templates_body_check" CHECK (char_length(btrim("body")) between 1 and 4000)
);
--> statement-breakpoint
ALTER TABLE "response_templates" ADD CONSTRAINT "response_templates_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "response_templates_consultation_idx" ON "response_templates" USING btree ("consultation_id");
--> statement-breakpoint
CREATE TABLE "response_template_versions" (
	"template_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"saved_by" text,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_template_versions_pk" PRIMARY KEY("template_id","version")
);
--> statement-breakpoint
ALTER TABLE "response_template_versions" ADD CONSTRAINT "response_template_versions_template_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."response_templates"("id") ON DELETE cascade ON UPDATE no action;
