CREATE TABLE "item_amendments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "item_amendments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"item_number" integer NOT NULL,
	"changed" boolean DEFAULT false NOT NULL,
	"amended_text" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_group_members" (
	"group_id" bigint NOT NULL,
	"opinion_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_groups" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "response_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"item_number" integer,
	"response" text DEFAULT '' NOT NULL,
	"category_code" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"drafted_by" text,
	"drafted_at" timestamp with time zone,
	"submitted_by" text,
	"submitted_at" timestamp with time zone,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"returned_by" text,
	"returned_at" timestamp with time zone,
	"return_remark" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_groups_status_check" CHECK ("response_groups"."status" in ('draft', 'submitted', 'approved', 'returned'))
);
--> statement-breakpoint
CREATE TABLE "result_publications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "result_publications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"version" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "item_amendments" ADD CONSTRAINT "item_amendments_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_group_members" ADD CONSTRAINT "response_group_members_group_id_response_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."response_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_group_members" ADD CONSTRAINT "response_group_members_opinion_id_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."opinions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_groups" ADD CONSTRAINT "response_groups_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_publications" ADD CONSTRAINT "result_publications_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "item_amendments_item_key" ON "item_amendments" USING btree ("consultation_id","item_number");--> statement-breakpoint
CREATE UNIQUE INDEX "response_group_members_opinion_key" ON "response_group_members" USING btree ("opinion_id");--> statement-breakpoint
CREATE INDEX "response_group_members_group_idx" ON "response_group_members" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "response_groups_consultation_item_idx" ON "response_groups" USING btree ("consultation_id","item_number");--> statement-breakpoint
CREATE UNIQUE INDEX "result_publications_version_key" ON "result_publications" USING btree ("consultation_id","version");