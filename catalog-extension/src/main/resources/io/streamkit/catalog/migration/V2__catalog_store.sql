-- Metadata schema version 2: catalog definitions for the CatalogStore, so that a catalog created
-- once (CREATE CATALOG) exists in every later session.
CREATE TABLE IF NOT EXISTS sk_catalog (
  catalog_name VARCHAR(255) NOT NULL PRIMARY KEY,
  options ${clob} NOT NULL,
  catalog_comment VARCHAR(4000),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
)${table_options};
