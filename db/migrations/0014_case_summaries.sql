CREATE TABLE "consultation_summaries" (
	"consultation_id" integer NOT NULL,
	"locale" text NOT NULL,
	"summary" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "consultation_summaries_pkey" PRIMARY KEY("consultation_id","locale"),
	CONSTRAINT "consultation_summaries_locale_check" CHECK ("consultation_summaries"."locale" in ('ja', 'ja-x-easy', 'en', 'vi', 'pt-BR', 'es', 'tl', 'zh-Hans', 'ne'))
);
--> statement-breakpoint
ALTER TABLE "consultation_summaries" ADD CONSTRAINT "consultation_summaries_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Headings of a known kind written one way (db/seed/parse-revision-table.ts canonicalHeading), for
-- items imported before: 「重要業績評価指標 (KPI)」 → 「重要業績評価指標（KPI）」.
UPDATE "revision_items" SET "heading" = "heading_kind"
WHERE "heading" <> "heading_kind"
	AND replace(normalize("heading", NFKC), ' ', '') = replace(normalize("heading_kind", NFKC), ' ', '');
