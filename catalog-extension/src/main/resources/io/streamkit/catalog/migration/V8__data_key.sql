-- Metadata schema version 8: the data key that encrypts secret option values at rest (DataKeys,
-- docs/catalog.md#encryption-at-rest). One row (slot 'active') per metadata database, the key only
-- as wrapped (AES-GCM) with the master key from the catalog's secret-key.* options, which never
-- reaches the database. Secret values elsewhere are stored as enc:v1:<key_id>:<base64>.
CREATE TABLE IF NOT EXISTS sk_data_key (
  slot VARCHAR(16) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  wrapped_key VARCHAR(512) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (slot)
)${table_options};
