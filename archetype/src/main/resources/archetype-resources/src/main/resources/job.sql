-- The SQL job of ${artifactId}: paid orders per city and minute.
-- On a streamkit platform: bin/streamkit sql run src/main/resources/job.sql --var bootstrap=HOST:PORT
-- (with the streamkit catalog, the tables can live there instead of in this script, or come from
-- an attached Kafka cluster without DDL: docs/kafka-tables.md). With plain Flink: the SqlJob main.

CREATE TEMPORARY TABLE orders_enriched (
  order_id BIGINT,
  city STRING,
  amount DOUBLE,
  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders_enriched',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.group.id' = '${artifactId}-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'csv'
);

CREATE TEMPORARY TABLE city_minutes (
  city STRING,
  window_start TIMESTAMP(3),
  orders BIGINT,
  amount DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'city_minutes',
  'properties.bootstrap.servers' = '${bootstrap}',
  'format' = 'json'
);

INSERT INTO city_minutes
SELECT city, window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE orders_enriched, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY city, window_start, window_end;
