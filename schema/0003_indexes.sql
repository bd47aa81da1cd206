-- postern schema, migration 3: indexes for the authorizer's hot path.
-- A user's groups are read on every authorized request: an index that
-- holds both columns answers it without touching the table.

CREATE INDEX memberships_user_group ON memberships(user_id, group_id);
DROP INDEX memberships_user;
