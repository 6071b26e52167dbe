CREATE TABLE "municipalities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"organisation_number" text NOT NULL,
	"level_model" jsonb,
	"theme" jsonb NOT NULL,
	"contact" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "municipalities_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "service_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"version" integer NOT NULL,
	"is_current" boolean DEFAULT true NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"sections" jsonb NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"search_terms" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"category" text NOT NULL,
	"levels" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"related_slugs" text[] DEFAULT '{}'::text[] NOT NULL,
	"popularity" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_versions" ADD CONSTRAINT "service_versions_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_versions" ADD CONSTRAINT "service_versions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "service_versions_version_idx" ON "service_versions" USING btree ("service_id","locale","version");--> statement-breakpoint
CREATE INDEX "service_versions_current_idx" ON "service_versions" USING btree ("municipality_id","locale") WHERE "service_versions"."is_current";--> statement-breakpoint
CREATE INDEX "service_versions_search_idx" ON "service_versions" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "service_versions_terms_trgm_idx" ON "service_versions" USING gin ("search_terms" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "services_municipality_slug_idx" ON "services" USING btree ("municipality_id","slug");