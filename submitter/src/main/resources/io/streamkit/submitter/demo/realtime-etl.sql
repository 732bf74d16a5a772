-- The real-time ETL of seed 004 (OPPO OStream, figure 21): every mobile SDK event arrives in one
-- unified channel, ods.sdk_log; four INSERTs split it by system_id and event tag into business tables,
-- all in one Flink job. A fifth INSERT enriches every event with its app from a dimension table
-- (streamkit-jdbc, FULL cache). A second job aggregates the enriched events per app and minute, so
-- the two jobs form a chain: ods.sdk_log -> dw.sdk_log_enriched -> dw.app_events_per_minute, whose
-- latency from the event on the phone to the per-minute row the platform tracks and reports.
-- ${bootstrap.servers} and ${dim.url} are filled in by `streamkit demo`, which also attaches ods.

-- Latency tracking of every source and sink, with no change to the statements below. The demo's
-- jobs are small, so every record is timed. The origin of an SDK event is its event_time, which
-- every table of the chain carries; that of a per-minute row is the latest event it counts.
SET 'streamkit.latency.enabled' = 'true';
SET 'streamkit.latency.sample-rate' = '1';
SET 'streamkit.latency.origin' = 'field:event_time';
SET 'streamkit.latency.origin.streamkit.dw.app_events_per_minute' = 'field:last_origin';

-- ods is the demo's Kafka cluster, attached by `streamkit demo` as a user attaches theirs:
--   bin/streamkit kafka attach ods --bootstrap ... --property scan.bounded.mode=latest-offset ...
-- so its topics are tables without DDL. ods.sdk_log is the topic sdk_log, its schema registered
-- from sdk_log.schema (bin/streamkit table register ods.sdk_log --schema sdk_log.schema); the
-- record timestamp is its kafka_event_time column (the topic has an event_time field of its own).
-- The lookup join needs a processing-time attribute, which a view adds.
CREATE TEMPORARY VIEW sdk_log_timed AS SELECT *, PROCTIME() AS pt FROM ods.sdk_log;

-- The warehouse's tables, with their own DDL, in a database of their own: in a Kafka database a
-- CREATE TABLE named like a topic finds the topic's table (docs/kafka-tables.md).
CREATE DATABASE IF NOT EXISTS dw COMMENT 'data warehouse';

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

-- An enriched event keeps its event_time: the origin travels to the next job with the record.
CREATE TABLE IF NOT EXISTS dw.sdk_log_enriched (
  event_id BIGINT, system_id STRING, app_name STRING, owner STRING, event_tag STRING,
  event_time BIGINT,
  ts AS TO_TIMESTAMP_LTZ(event_time, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
) WITH ('connector' = 'kafka', 'topic' = 'sdk_log_enriched',
        'properties.bootstrap.servers' = '${bootstrap.servers}',
        'properties.group.id' = 'streamkit-demo-per-minute',
        'scan.startup.mode' = 'earliest-offset',
        'scan.bounded.mode' = 'latest-offset',
        'format' = 'json');

CREATE TABLE IF NOT EXISTS dw.app_events_per_minute (
  app_name STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), events BIGINT,
  last_origin TIMESTAMP_LTZ(3)
) COMMENT 'events per app and minute'
WITH ('connector' = 'kafka', 'topic' = 'app_events_per_minute',
      'properties.bootstrap.servers' = '${bootstrap.servers}', 'format' = 'json');

EXECUTE STATEMENT SET BEGIN
  INSERT INTO dw.sdk_log_cdo
  SELECT event_id, system_id, imei, event_time, event_info FROM ods.sdk_log
  WHERE system_id = '2' OR system_id = '1000';

  INSERT INTO dw.sdk_log_browser_client
  SELECT event_id, system_id, imei, event_time, event_info FROM ods.sdk_log
  WHERE system_id = '2007' AND event_info['eventTag'] = '10001';

  INSERT INTO dw.sdk_log_browser_feeds
  SELECT event_id, system_id, imei, event_time, event_info FROM ods.sdk_log
  WHERE system_id = '2007' AND (event_info['eventTag'] = '10012');

  INSERT INTO dw.sdk_log_browser_search
  SELECT event_id, system_id, imei, event_time, event_info FROM ods.sdk_log
  WHERE system_id = '2007' AND event_info['eventTag'] = '10006';

  INSERT INTO dw.sdk_log_enriched
  SELECT l.event_id, l.system_id, a.app_name, a.owner, l.event_info['eventTag'], l.event_time
  FROM sdk_log_timed AS l
  JOIN dw.dim_app FOR SYSTEM_TIME AS OF l.pt AS a ON l.system_id = a.system_id;
END;

-- The second job of the chain starts once the first has finished (the demo's input is bounded).
SET 'pipeline.name' = 'app-events-per-minute';
INSERT INTO dw.app_events_per_minute
SELECT app_name, window_start, window_end, COUNT(*) AS events, MAX(ts) AS last_origin
FROM TABLE(TUMBLE(TABLE dw.sdk_log_enriched, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY app_name, window_start, window_end;
