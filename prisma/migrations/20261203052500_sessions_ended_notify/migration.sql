-- Console processes keep the sessions they have verified live in memory (lib/auth/live-sessions.ts), so the
-- gate does not read this table on every request. They forget one when PostgreSQL says it ended: whatever
-- ends a session (sign-out, back-channel logout, a refused refresh, the cleanup job, another replica, an
-- administrator's SQL) deletes its row or moves its expiry, and this trigger tells every listening process
-- when that commits. A TRUNCATE names no rows: '*' means forget them all.
CREATE FUNCTION "strata_session_ended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('strata_session_ended', '*');
  ELSE
    PERFORM pg_notify('strata_session_ended', OLD."id");
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "sessions_ended"
  AFTER DELETE OR UPDATE OF "id", "expires_at" ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "strata_session_ended"();

CREATE TRIGGER "sessions_truncated"
  AFTER TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "strata_session_ended"();
