-- Metadata schema version 7: job runs (bin/streamkit job ...). One row per submission of a job: what
-- ran (the script, its hash, the job's statements, the session's options and --vars), where (cluster,
-- Flink job id), and its state as last reconciled with the cluster; see docs/jobs.md. No index on
-- job_name: CREATE INDEX is not idempotent on MySQL, and a migration cut after it would not rerun.
CREATE TABLE IF NOT EXISTS sk_job_run (
  run_id VARCHAR(64) NOT NULL,
  job_name VARCHAR(255) NOT NULL,
  flink_job_id VARCHAR(64),
  cluster VARCHAR(1024) NOT NULL,
  state VARCHAR(32) NOT NULL,
  script_file VARCHAR(2048) NOT NULL,
  script ${clob} NOT NULL,
  script_hash CHAR(64) NOT NULL,
  statements ${clob} NOT NULL,
  options ${clob} NOT NULL,
  vars ${clob} NOT NULL,
  restart_on_failure BOOLEAN NOT NULL,
  savepoint VARCHAR(2048),
  restored_from VARCHAR(2048),
  reason ${clob},
  submitted_at BIGINT NOT NULL,
  ended_at BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (run_id)
)${table_options};
