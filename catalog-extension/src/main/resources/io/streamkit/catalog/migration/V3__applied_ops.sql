-- Metadata schema version 3: one row per committed write, written in the write's own transaction.
-- When a connection breaks after COMMIT was sent, the client retries on a new connection; finding its
-- token here tells it the first attempt committed (see AppliedOps). Rows older than a day are pruned.
CREATE TABLE IF NOT EXISTS sk_applied_ops (
  token CHAR(36) NOT NULL PRIMARY KEY,
  applied_at BIGINT NOT NULL
)${table_options};
