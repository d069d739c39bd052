-- Secrets every process on this database shares, e.g. the key that signs page cursors, so a
-- cursor made by one replica is accepted by another.
CREATE TABLE server_secret (
  name       TEXT PRIMARY KEY,
  secret     TEXT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
