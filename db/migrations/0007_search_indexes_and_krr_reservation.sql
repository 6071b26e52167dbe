ALTER TABLE "persons" ADD COLUMN "reserved_in_krr" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "applications_reference_trgm_idx" ON "applications" USING gin ("reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "message_threads_unit_recent_idx" ON "message_threads" USING btree ("unit_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "message_threads_reference_trgm_idx" ON "message_threads" USING gin ("reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "message_threads_subject_trgm_idx" ON "message_threads" USING gin ("subject" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "persons_name_trgm_idx" ON "persons" USING gin (("given_name" || ' ' || "family_name") gin_trgm_ops);