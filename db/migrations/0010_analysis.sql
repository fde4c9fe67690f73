CREATE TABLE "analysis_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analysis_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"started_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"opinions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analysis_runs_kind_check" CHECK ("analysis_runs"."kind" in ('full', 'incremental'))
);
--> statement-breakpoint
CREATE TABLE "opinion_analyses" (
	"opinion_id" bigint PRIMARY KEY NOT NULL,
	"consultation_id" integer NOT NULL,
	"run_id" bigint NOT NULL,
	"language" text NOT NULL,
	"suggestions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"campaign_group" bigint,
	"campaign_similarity" real DEFAULT 0 NOT NULL,
	"cluster_key" text,
	"pii" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"analysed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_clusters" (
	"consultation_id" integer NOT NULL,
	"key" text NOT NULL,
	"run_id" bigint NOT NULL,
	"item_number" integer,
	"label" jsonb NOT NULL,
	"representative" bigint NOT NULL,
	CONSTRAINT "analysis_clusters_consultation_id_key_pk" PRIMARY KEY("consultation_id","key")
);
--> statement-breakpoint
CREATE TABLE "analysis_decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analysis_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"kind" text NOT NULL,
	"opinion_id" bigint DEFAULT 0 NOT NULL,
	"target" text DEFAULT '' NOT NULL,
	"value" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analysis_decisions_kind_check" CHECK ("analysis_decisions"."kind" in ('campaign-confirm', 'campaign-dissolve', 'campaign-split', 'cluster-rename', 'cluster-merge', 'cluster-move', 'redaction', 'item-accept'))
);
--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_analyses" ADD CONSTRAINT "opinion_analyses_opinion_id_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."opinions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_analyses" ADD CONSTRAINT "opinion_analyses_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_analyses" ADD CONSTRAINT "opinion_analyses_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_clusters" ADD CONSTRAINT "analysis_clusters_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_clusters" ADD CONSTRAINT "analysis_clusters_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_decisions" ADD CONSTRAINT "analysis_decisions_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analysis_runs_consultation_idx" ON "analysis_runs" USING btree ("consultation_id","id");--> statement-breakpoint
CREATE INDEX "opinion_analyses_campaign_idx" ON "opinion_analyses" USING btree ("consultation_id","campaign_group");--> statement-breakpoint
CREATE INDEX "opinion_analyses_cluster_idx" ON "opinion_analyses" USING btree ("consultation_id","cluster_key");--> statement-breakpoint
CREATE UNIQUE INDEX "analysis_decisions_key" ON "analysis_decisions" USING btree ("consultation_id","kind","opinion_id","target");
