-- postern schema, migration 2: the runtime state.
-- Sessions, consents, pre-login flows, login failures and bans, TOTP
-- authenticators, recovery codes and the audit events.

CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	hash		BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),	-- SHA-256(token)
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	idle		INTEGER NOT NULL DEFAULT 0,
	seen		INTEGER NOT NULL,
	factors		INTEGER NOT NULL DEFAULT 0,
	addr		TEXT NOT NULL DEFAULT '',
	agent		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires);

CREATE TABLE consents (
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	app_id		INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	given		INTEGER NOT NULL,
	expires		INTEGER NOT NULL DEFAULT 0,	-- 0: permanent
	PRIMARY KEY (user_id, app_id)
);
CREATE INDEX consents_app ON consents(app_id);

-- Pre-login state, keyed by the SHA-256 of a short-lived cookie's token.
CREATE TABLE flows (
	id		INTEGER PRIMARY KEY,
	hash		BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
	user_id		INTEGER REFERENCES users(id) ON DELETE CASCADE,
	stage		INTEGER NOT NULL DEFAULT 0,
	factors		INTEGER NOT NULL DEFAULT 0,
	app_id		INTEGER REFERENCES applications(id) ON DELETE CASCADE,
	rd		TEXT NOT NULL DEFAULT '',
	csrf		BLOB,
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL
);
CREATE INDEX flows_expires ON flows(expires);

CREATE TABLE failures (
	id		INTEGER PRIMARY KEY,
	kind		INTEGER NOT NULL CHECK (kind IN (0, 1)),	-- 0 user, 1 address
	key		TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX failures_key ON failures(kind, key, at);

CREATE TABLE bans (
	kind		INTEGER NOT NULL CHECK (kind IN (0, 1)),
	key		TEXT NOT NULL,
	until		INTEGER NOT NULL,
	level		INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (kind, key)
);

CREATE TABLE totp (
	user_id		INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret		BLOB NOT NULL,		-- AES-256-GCM: nonce, ciphertext, tag
	last_step	INTEGER NOT NULL DEFAULT -1,
	created		INTEGER NOT NULL
);

CREATE TABLE recovery_codes (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	hash		BLOB NOT NULL CHECK (length(hash) = 32),
	used		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

CREATE TABLE events (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	kind		TEXT NOT NULL,
	actor		TEXT NOT NULL DEFAULT '',
	subject		TEXT NOT NULL DEFAULT '',
	detail		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_at ON events(at);
CREATE INDEX events_subject ON events(subject, at);
