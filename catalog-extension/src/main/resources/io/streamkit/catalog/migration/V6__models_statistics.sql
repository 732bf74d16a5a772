-- Metadata schema version 6: models (CREATE MODEL, Flink 2.x) and statistics (ANALYZE TABLE,
-- Catalog#alter*Statistics). Same conventions as V1: ${clob} and ${table_options} per database,
-- every statement idempotent.

-- Models. definition holds Flink's own serialized form (ResolvedCatalogModel#toProperties) as
-- JSON, secret options included (masked when read, like tables').
CREATE TABLE IF NOT EXISTS sk_model (
  db_name VARCHAR(255) NOT NULL,
  model_name VARCHAR(255) NOT NULL,
  definition ${clob} NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (db_name, model_name)
)${table_options};

-- Statistics of a table (partition_id '-') or of one of its partitions (the id sk_partition uses);
-- stats_kind TABLE (row count, files, sizes) or COLUMN (per-column data), definition as JSON.
CREATE TABLE IF NOT EXISTS sk_statistics (
  db_name VARCHAR(255) NOT NULL,
  object_name VARCHAR(255) NOT NULL,
  partition_id VARCHAR(64) NOT NULL,
  stats_kind VARCHAR(16) NOT NULL,
  definition ${clob} NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (db_name, object_name, partition_id, stats_kind)
)${table_options};
