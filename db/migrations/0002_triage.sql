CREATE TABLE "handling_categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "handling_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "handling_categories_code_check" CHECK ("handling_categories"."code" ~ '^[A-Za-z0-9]{1,8}$')
);
--> statement-breakpoint
CREATE TABLE "opinion_counts" (
	"consultation_id" integer NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "opinion_counts_consultation_id_dimension_key_pk" PRIMARY KEY("consultation_id","dimension","key")
);
--> statement-breakpoint
CREATE TABLE "opinions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opinions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"submission_id" bigint NOT NULL,
	"source_id" bigint NOT NULL,
	"start_offset" integer NOT NULL,
	"end_offset" integer NOT NULL,
	"text" text NOT NULL,
	"item_number" integer,
	"summary" text DEFAULT '' NOT NULL,
	"category_code" text,
	"status" text DEFAULT 'new' NOT NULL,
	"department" text,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"spam" boolean DEFAULT false NOT NULL,
	"out_of_scope" boolean DEFAULT false NOT NULL,
	"third_party_personal_data" boolean DEFAULT false NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"moderation_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "opinions_status_check" CHECK ("opinions"."status" in ('new', 'classified', 'drafted', 'approved')),
	CONSTRAINT "opinions_offsets_check" CHECK ("opinions"."start_offset" >= 0 and "opinions"."end_offset" > "opinions"."start_offset")
);
--> statement-breakpoint
ALTER TABLE "handling_categories" ADD CONSTRAINT "handling_categories_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_counts" ADD CONSTRAINT "opinion_counts_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_source_id_submission_opinions_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."submission_opinions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "handling_categories_code_key" ON "handling_categories" USING btree ("consultation_id","code");--> statement-breakpoint
CREATE INDEX "opinions_inbox_idx" ON "opinions" USING btree ("consultation_id","received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "opinions_submission_idx" ON "opinions" USING btree ("submission_id","source_id","start_offset");--> statement-breakpoint
CREATE INDEX "opinions_item_idx" ON "opinions" USING btree ("consultation_id","item_number");--> statement-breakpoint
CREATE INDEX "opinions_category_idx" ON "opinions" USING btree ("consultation_id","category_code");--> statement-breakpoint
CREATE INDEX "opinions_status_idx" ON "opinions" USING btree ("consultation_id","status");--> statement-breakpoint
CREATE INDEX "opinions_text_trgm_idx" ON "opinions" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "opinions_summary_trgm_idx" ON "opinions" USING gin ("summary" gin_trgm_ops);