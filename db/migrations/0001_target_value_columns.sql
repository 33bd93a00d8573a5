ALTER TABLE "targets" ADD COLUMN "value_number" double precision;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "value_text" text;