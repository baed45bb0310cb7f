-- Web UI sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
-- this table does not let anyone log in. The CSRF token is echoed by the page in X-CSRFToken.
CREATE TABLE ui_sessions (
    key_digest text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token text NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    expires timestamptz NOT NULL
);
CREATE INDEX ui_sessions_expires ON ui_sessions (expires);
