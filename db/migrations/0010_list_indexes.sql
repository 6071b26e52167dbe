DROP INDEX "applications_updated_idx";--> statement-breakpoint
DROP INDEX "message_threads_person_idx";--> statement-breakpoint
DROP INDEX "message_threads_assigned_idx";--> statement-breakpoint
CREATE INDEX "applications_recent_idx" ON "applications" USING btree ("municipality_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "messages_unread_by_municipality_idx" ON "messages" USING btree ("thread_id") WHERE "messages"."author_kind" = 'person' and "messages"."read_at" is null;--> statement-breakpoint
CREATE INDEX "messages_unread_by_resident_idx" ON "messages" USING btree ("thread_id") WHERE "messages"."author_kind" = 'employee' and "messages"."internal" = false and "messages"."read_at" is null;--> statement-breakpoint
CREATE INDEX "message_threads_person_idx" ON "message_threads" USING btree ("person_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "message_threads_assigned_idx" ON "message_threads" USING btree ("assigned_employee_id","unit_id","state","last_message_at");