ALTER TABLE "submissions" ADD COLUMN "locale" text DEFAULT 'ja' NOT NULL;
