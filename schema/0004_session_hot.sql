-- postern schema, migration 4: the authorizer's session lookup from one
-- index.  Every protected request finds its session by the SHA-256 of the
-- cookie's token; an index that holds every column the decision reads
-- answers it in one descent instead of two (the hash index, then the
-- table), which is most of the lookup's cost with a million sessions.
-- The UNIQUE constraint on sessions.hash stays what guarantees that a
-- hash names one session.

CREATE INDEX sessions_hot ON sessions(hash, user_id, expires, idle, seen,
    factors);
