CREATE TABLE "accounts" (
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"person_id" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_platform_user_id_pk" PRIMARY KEY("platform","user_id")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"thread_id" text DEFAULT '' NOT NULL,
	"version" integer NOT NULL,
	"flow_version" integer NOT NULL,
	"state" jsonb,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversations_platform_chat_id_thread_id_pk" PRIMARY KEY("platform","chat_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"platform" text NOT NULL,
	"update_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_events_platform_update_id_pk" PRIMARY KEY("platform","update_id")
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"tree_id" text NOT NULL,
	"node_id" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"kinerja" text,
	"unit" text NOT NULL,
	"formula" text,
	"polarity" text,
	"has_targets" boolean DEFAULT false NOT NULL,
	"extra" jsonb,
	CONSTRAINT "indicators_tree_id_node_id_position_pk" PRIMARY KEY("tree_id","node_id","position")
);
--> statement-breakpoint
CREATE TABLE "link_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "llm_usage" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"platform" text,
	"chat_id" text,
	"thread_id" text,
	"tree_id" text,
	"task" text NOT NULL,
	"model" text NOT NULL,
	"outcome" text NOT NULL,
	"tokens_in" integer,
	"tokens_out" integer,
	"latency_ms" integer,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "members" (
	"organisation_id" text NOT NULL,
	"person_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_organisation_id_person_id_pk" PRIMARY KEY("organisation_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "nodes" (
	"tree_id" text NOT NULL,
	"id" text NOT NULL,
	"parent_id" text,
	"position" integer NOT NULL,
	"in_crosscutting" boolean DEFAULT false NOT NULL,
	"statement" text NOT NULL,
	"level" text NOT NULL,
	"problem" text,
	"basis" jsonb,
	"crosscutting" jsonb,
	"accepted_warnings" jsonb,
	"has_indicators" boolean DEFAULT false NOT NULL,
	"has_planning" boolean DEFAULT false NOT NULL,
	"extra" jsonb,
	CONSTRAINT "nodes_tree_id_id_pk" PRIMARY KEY("tree_id","id")
);
--> statement-breakpoint
CREATE TABLE "nomenclature_entries" (
	"version_id" text NOT NULL,
	"code" text NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"kinerja" text,
	"indicator" text,
	"unit" text,
	"previous_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"pemda" text,
	"bidang" text,
	"extra" jsonb
);
--> statement-breakpoint
CREATE TABLE "nomenclature_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_current" boolean DEFAULT false NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_entries" (
	"tree_id" text NOT NULL,
	"node_id" text NOT NULL,
	"position" integer NOT NULL,
	"component" text NOT NULL,
	"pk" text,
	"jabatan" text,
	"program" jsonb,
	"kegiatan" jsonb,
	"sub_kegiatan" jsonb,
	"extra" jsonb,
	CONSTRAINT "planning_entries_tree_id_node_id_position_pk" PRIMARY KEY("tree_id","node_id","position")
);
--> statement-breakpoint
CREATE TABLE "revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"tree_id" text NOT NULL,
	"version" integer NOT NULL,
	"actor_platform" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"actor_name" text,
	"source" text NOT NULL,
	"summary" text NOT NULL,
	"reason" text,
	"accepted_rules" text[],
	"before" jsonb,
	"after" jsonb,
	"undoes" text,
	"undoable" boolean DEFAULT true NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"tree_id" text NOT NULL,
	"node_id" text NOT NULL,
	"indicator_position" integer NOT NULL,
	"year" text NOT NULL,
	"position" integer NOT NULL,
	"value" jsonb NOT NULL,
	CONSTRAINT "targets_tree_id_node_id_indicator_position_year_pk" PRIMARY KEY("tree_id","node_id","indicator_position","year")
);
--> statement-breakpoint
CREATE TABLE "trees" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"title" text NOT NULL,
	"period_from" integer,
	"period_to" integer,
	"period_extra" jsonb,
	"organization" jsonb NOT NULL,
	"stage" smallint NOT NULL,
	"version" integer NOT NULL,
	"node_count" integer NOT NULL,
	"extra" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_tree_id_node_id_nodes_tree_id_id_fk" FOREIGN KEY ("tree_id","node_id") REFERENCES "public"."nodes"("tree_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_codes" ADD CONSTRAINT "link_codes_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nodes" ADD CONSTRAINT "nodes_tree_id_trees_id_fk" FOREIGN KEY ("tree_id") REFERENCES "public"."trees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomenclature_entries" ADD CONSTRAINT "nomenclature_entries_version_id_nomenclature_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."nomenclature_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_entries" ADD CONSTRAINT "planning_entries_tree_id_node_id_nodes_tree_id_id_fk" FOREIGN KEY ("tree_id","node_id") REFERENCES "public"."nodes"("tree_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_tree_id_trees_id_fk" FOREIGN KEY ("tree_id") REFERENCES "public"."trees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_tree_id_node_id_indicator_position_indicators_tree_id_node_id_position_fk" FOREIGN KEY ("tree_id","node_id","indicator_position") REFERENCES "public"."indicators"("tree_id","node_id","position") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trees" ADD CONSTRAINT "trees_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_person_idx" ON "accounts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "inbound_events_received_idx" ON "inbound_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "llm_usage_at_idx" ON "llm_usage" USING btree ("at");--> statement-breakpoint
CREATE INDEX "members_person_idx" ON "members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "nodes_parent_idx" ON "nodes" USING btree ("tree_id","parent_id","position");--> statement-breakpoint
CREATE INDEX "nomenclature_entries_version_code_idx" ON "nomenclature_entries" USING btree ("version_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "revisions_tree_version_idx" ON "revisions" USING btree ("tree_id","version");--> statement-breakpoint
CREATE INDEX "trees_organisation_idx" ON "trees" USING btree ("organisation_id");