CREATE TABLE "setup_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "consultation_retention" (
	"consultation_id" integer PRIMARY KEY NOT NULL,
	"retention_days" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_retention_days_check" CHECK ("consultation_retention"."retention_days" between 0 and 36500)
);
--> statement-breakpoint
ALTER TABLE "consultation_retention" ADD CONSTRAINT "consultation_retention_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "personal_data_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "personal_data_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"submission_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "personal_data_requests_status_check" CHECK ("personal_data_requests"."status" in ('requested', 'approved', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "personal_data_requests" ADD CONSTRAINT "personal_data_requests_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "personal_data_requests_open_key" ON "personal_data_requests" USING btree ("submission_id") WHERE "personal_data_requests"."status" = 'requested';
--> statement-breakpoint
CREATE INDEX "personal_data_requests_status_idx" ON "personal_data_requests" USING btree ("status","requested_at");
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "personal_data_erased_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "submission_id" bigint;
--> statement-breakpoint
CREATE INDEX "mail_outbox_submission_idx" ON "mail_outbox" USING btree ("submission_id");
--> statement-breakpoint
-- Receipt copies written before this column existed name their submission's receipt number.
UPDATE "mail_outbox" m SET "submission_id" = s."id" FROM "submissions" s
WHERE m."kind" = 'submission_receipt' AND m."submission_id" IS NULL AND position(s."receipt_number" in m."body") > 0;
