-- postern schema, migration 1: the configuration.
-- Users, groups, providers, applications, outposts, bindings, settings, and
-- the generation counter that every configuration change increments.

CREATE TABLE generation (
	id	INTEGER PRIMARY KEY CHECK (id = 1),
	value	INTEGER NOT NULL
);
INSERT INTO generation (id, value) VALUES (1, 1);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,		-- canonical, lowercase
	display		TEXT NOT NULL DEFAULT '',
	email		TEXT NOT NULL DEFAULT '',
	hash		TEXT NOT NULL DEFAULT '',
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created		INTEGER NOT NULL,
	changed		INTEGER NOT NULL
);

CREATE TABLE groups (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE
);

CREATE TABLE memberships (
	group_id	INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE providers (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	external	TEXT NOT NULL,
	internal	TEXT NOT NULL DEFAULT '',
	flow		INTEGER NOT NULL DEFAULT 0 CHECK (flow IN (0, 1)),
	consent		INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1, 2)),
	consent_secs	INTEGER NOT NULL DEFAULT 0,
	mode		INTEGER NOT NULL DEFAULT 0 CHECK (mode IN (0, 1))
);

CREATE TABLE skip_paths (
	provider_id	INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	regex		TEXT NOT NULL,
	PRIMARY KEY (provider_id, position)
);

CREATE TABLE applications (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	icon		TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL DEFAULT '',
	launch		TEXT NOT NULL DEFAULT '',
	provider_id	INTEGER NOT NULL REFERENCES providers(id) ON DELETE RESTRICT,
	policy		INTEGER NOT NULL DEFAULT 0 CHECK (policy IN (0, 1))
);
CREATE INDEX applications_provider ON applications(provider_id);

CREATE TABLE outposts (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE
);
INSERT INTO outposts (name) VALUES ('embedded');

CREATE TABLE outpost_apps (
	outpost_id	INTEGER NOT NULL REFERENCES outposts(id) ON DELETE CASCADE,
	app_id		INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	PRIMARY KEY (outpost_id, app_id)
);
CREATE INDEX outpost_apps_app ON outpost_apps(app_id);

CREATE TABLE bindings (
	id		INTEGER PRIMARY KEY,
	app_id		INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	ord		INTEGER NOT NULL DEFAULT 0,
	user_id		INTEGER REFERENCES users(id) ON DELETE CASCADE,
	group_id	INTEGER REFERENCES groups(id) ON DELETE CASCADE,
	negate		INTEGER NOT NULL DEFAULT 0 CHECK (negate IN (0, 1)),
	enabled		INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
	CHECK ((user_id IS NULL) != (group_id IS NULL))
);
CREATE INDEX bindings_app ON bindings(app_id);
CREATE INDEX bindings_user ON bindings(user_id);
CREATE INDEX bindings_group ON bindings(group_id);

CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
);
