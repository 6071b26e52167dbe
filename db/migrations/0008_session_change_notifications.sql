-- Each portal process keeps the sessions it has looked up in memory (ADR 0017) and forgets one
-- when PostgreSQL says it changed: these triggers send a notification on the channel
-- "portal_sessions" when a session ends or changes, or when the person or employee behind one
-- changes. The payload names only a key: "s:" and a token's SHA-256, "p:" or "e:" and an id, "*"
-- for all. A session's last-seen time moving forward (done at most once a minute per session) is
-- not a change worth telling: nothing cached depends on it.
CREATE FUNCTION portal_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched sessions;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.last_seen_at > OLD.last_seen_at THEN
    touched := NEW;
    touched.last_seen_at := OLD.last_seen_at;
    IF touched IS NOT DISTINCT FROM OLD THEN
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('portal_sessions', 's:' || OLD.token_hash);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION portal_session_owner_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portal_sessions', CASE TG_TABLE_NAME WHEN 'persons' THEN 'p:' ELSE 'e:' END || OLD.id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION portal_sessions_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portal_sessions', '*');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION portal_session_changed();--> statement-breakpoint
CREATE TRIGGER persons_changed AFTER UPDATE OR DELETE ON persons FOR EACH ROW EXECUTE FUNCTION portal_session_owner_changed();--> statement-breakpoint
CREATE TRIGGER employees_changed AFTER UPDATE OR DELETE ON employees FOR EACH ROW EXECUTE FUNCTION portal_session_owner_changed();--> statement-breakpoint
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION portal_sessions_truncated();--> statement-breakpoint
CREATE TRIGGER persons_truncated AFTER TRUNCATE ON persons FOR EACH STATEMENT EXECUTE FUNCTION portal_sessions_truncated();--> statement-breakpoint
CREATE TRIGGER employees_truncated AFTER TRUNCATE ON employees FOR EACH STATEMENT EXECUTE FUNCTION portal_sessions_truncated();
