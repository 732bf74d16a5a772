-- Metadata schema version 4: job lineage. One row per (job, direction, dataset) of the latest run of
-- each job name, written when the job is submitted (LineageListener). dataset is the normalized
-- physical dataset (kafka://<sorted brokers>/<topic>, or the table name where the connector
-- reports none); table_name is the Flink table the job read or wrote.
CREATE TABLE IF NOT EXISTS sk_lineage (
  job_name VARCHAR(255) NOT NULL,
  direction VARCHAR(6) NOT NULL,
  dataset VARCHAR(500) NOT NULL,
  table_name VARCHAR(512) NOT NULL,
  job_id CHAR(32) NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (job_name, direction, dataset)
)${table_options};
