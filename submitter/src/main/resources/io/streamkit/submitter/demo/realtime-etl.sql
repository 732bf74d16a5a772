-- The real-time ETL of seed 004 (OPPO OStream, figure 21): every mobile SDK event arrives in one
-- unified channel, dw.sdk_log; four INSERTs split it by system_id and event tag into business tables,
-- all in one Flink job. A fifth INSERT enriches every event with its app from a dimension table
-- (streamkit-jdbc, FULL cache). ${bootstrap.servers} and ${dim.url} are filled in by `streamkit demo`.

CREATE DATABASE IF NOT EXISTS dw COMMENT 'data warehouse';

CREATE TABLE IF NOT EXISTS dw.sdk_log (
  event_id   BIGINT,
  system_id  STRING,
  imei       STRING,
  event_time BIGINT,
  event_info MAP<STRING, STRING>,
  ts AS TO_TIMESTAMP_LTZ(event_time, 3),
  pt AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) COMMENT 'unified SDK reporting channel'
WITH (
  'connector' = 'kafka',
  'topic' = 'sdk_log',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'properties.group.id' = 'streamkit-demo-etl',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

CREATE TABLE IF NOT EXISTS dw.sdk_log_cdo (
  event_id BIGINT, system_id STRING, imei STRING, event_time BIGINT, event_info MAP<STRING, STRING>
) WITH ('connector' = 'kafka', 'topic' = 'sdk_log_cdo',
        'properties.bootstrap.servers' = '${bootstrap.servers}', 'format' = 'json');

CREATE TABLE IF NOT EXISTS dw.sdk_log_browser_client (
  event_id BIGINT, system_id STRING, imei STRING, event_time BIGINT, event_info MAP<STRING, STRING>
) WITH ('connector' = 'kafka', 'topic' = 'sdk_log_browser_client',
        'properties.bootstrap.servers' = '${bootstrap.servers}', 'format' = 'json');

CREATE TABLE IF NOT EXISTS dw.sdk_log_browser_feeds (
  event_id BIGINT, system_id STRING, imei STRING, event_time BIGINT, event_info MAP<STRING, STRING>
) WITH ('connector' = 'kafka', 'topic' = 'sdk_log_browser_feeds',
        'properties.bootstrap.servers' = '${bootstrap.servers}', 'format' = 'json');

CREATE TABLE IF NOT EXISTS dw.sdk_log_browser_search (
  event_id BIGINT, system_id STRING, imei STRING, event_time BIGINT, event_info MAP<STRING, STRING>
) WITH ('connector' = 'kafka', 'topic' = 'sdk_log_browser_search',
        'properties.bootstrap.servers' = '${bootstrap.servers}', 'format' = 'json');

-- The app of each SDK, kept in a relational database and joined with a full in-memory cache.
CREATE TABLE IF NOT EXISTS dw.dim_app (
  system_id STRING, app_name STRING, owner STRING
) COMMENT 'app of each SDK system id'
WITH ('connector' = 'streamkit-jdbc', 'url' = '${dim.url}', 'table-name' = 'dim_app',
      'lookup.cache' = 'ALL', 'lookup.full-cache.periodic-reload.interval' = '10 min');

CREATE TABLE IF NOT EXISTS dw.sdk_log_enriched (
  event_id BIGINT, system_id STRING, app_name STRING, owner STRING, event_tag STRING
) WITH ('connector' = 'kafka', 'topic' = 'sdk_log_enriched',
        'properties.bootstrap.servers' = '${bootstrap.servers}', 'format' = 'json');

EXECUTE STATEMENT SET BEGIN
  INSERT INTO dw.sdk_log_cdo
  SELECT event_id, system_id, imei, event_time, event_info FROM dw.sdk_log
  WHERE system_id = '2' OR system_id = '1000';

  INSERT INTO dw.sdk_log_browser_client
  SELECT event_id, system_id, imei, event_time, event_info FROM dw.sdk_log
  WHERE system_id = '2007' AND event_info['eventTag'] = '10001';

  INSERT INTO dw.sdk_log_browser_feeds
  SELECT event_id, system_id, imei, event_time, event_info FROM dw.sdk_log
  WHERE system_id = '2007' AND (event_info['eventTag'] = '10012');

  INSERT INTO dw.sdk_log_browser_search
  SELECT event_id, system_id, imei, event_time, event_info FROM dw.sdk_log
  WHERE system_id = '2007' AND event_info['eventTag'] = '10006';

  INSERT INTO dw.sdk_log_enriched
  SELECT l.event_id, l.system_id, a.app_name, a.owner, l.event_info['eventTag']
  FROM dw.sdk_log AS l
  JOIN dw.dim_app FOR SYSTEM_TIME AS OF l.pt AS a ON l.system_id = a.system_id;
END;
