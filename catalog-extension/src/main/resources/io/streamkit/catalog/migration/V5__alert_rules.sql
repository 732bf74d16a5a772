-- Metadata schema version 5: alert rules (cep-alerting). One row per rule, as `streamkit alert
-- apply` stored it: definition is the rule as canonical JSON, source the file:line it came from.
CREATE TABLE IF NOT EXISTS sk_alert_rule (
  name VARCHAR(255) NOT NULL,
  definition ${clob} NOT NULL,
  source VARCHAR(1024) NOT NULL,
  enabled BOOLEAN NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (name)
)${table_options};
