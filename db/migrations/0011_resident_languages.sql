ALTER TABLE "submissions" ADD COLUMN "locale" text DEFAULT 'ja' NOT NULL;
--> statement-breakpoint
CREATE TABLE "consultation_summaries" (
	"consultation_id" integer NOT NULL,
	"locale" text NOT NULL,
	"summary" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_summaries_pkey" PRIMARY KEY("consultation_id","locale")
);
--> statement-breakpoint
ALTER TABLE "consultation_summaries" ADD CONSTRAINT "consultation_summaries_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;
