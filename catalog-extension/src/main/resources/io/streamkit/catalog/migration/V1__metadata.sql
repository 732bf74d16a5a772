-- Metadata schema version 1: databases, tables and views, partitions, functions.
-- ${clob} and ${table_options} are filled in per database (see Dialect). Keep every statement
-- idempotent: two clients may run this script at the same time.
CREATE TABLE IF NOT EXISTS sk_database (
  db_name VARCHAR(255) NOT NULL PRIMARY KEY,
  db_comment VARCHAR(4000),
  properties ${clob} NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
)${table_options};

-- Tables and views. definition holds Flink's own serialized form (CatalogPropertiesUtil) as JSON.
-- version grows by one on every change and guards concurrent ALTERs (optimistic concurrency).
CREATE TABLE IF NOT EXISTS sk_object (
  db_name VARCHAR(255) NOT NULL,
  object_name VARCHAR(255) NOT NULL,
  object_kind VARCHAR(32) NOT NULL,
  definition ${clob} NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (db_name, object_name)
)${table_options};

-- Partitions of partitioned tables; partition_id is the SHA-256 of the canonical spec.
CREATE TABLE IF NOT EXISTS sk_partition (
  db_name VARCHAR(255) NOT NULL,
  object_name VARCHAR(255) NOT NULL,
  partition_id CHAR(64) NOT NULL,
  spec ${clob} NOT NULL,
  properties ${clob} NOT NULL,
  partition_comment VARCHAR(4000),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (db_name, object_name, partition_id)
)${table_options};

CREATE TABLE IF NOT EXISTS sk_function (
  db_name VARCHAR(255) NOT NULL,
  function_name VARCHAR(255) NOT NULL,
  class_name VARCHAR(2000) NOT NULL,
  function_language VARCHAR(32) NOT NULL,
  resources ${clob} NOT NULL,
  options ${clob} NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (db_name, function_name)
)${table_options};
