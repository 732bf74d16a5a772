# set.q - SET, RESET
#
# Translated for streamkit from Flink 2.2.0's flink-sql-gateway/src/test/resources/sql/set.q
# (the SQL client's statements run through the gateway's executor in Flink 2.x), followed by
# the statements of flink-sql-client/src/test/resources/sql/set.q that the gateway's lacks.
#
# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to you under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
# http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
# Changes: `SET;` lists the CLI's session configuration (its -D options, the catalog's keys, the
# job tags), not the client's; the rows that matter to the script are checked with !includes and
# !excludes. The client's `[INFO] ...` lines are not compared. The Hive dialect statement of the
# client's script is kept as the parse error it is without Hive.

# ==========================================================================
# Flink 2.2.0 gateway set.q
# ==========================================================================

reset table.resources.download-dir;
!output
+--------+
| result |
+--------+
|     OK |
+--------+
1 row in set
!ok

set;
!output
+------------------+--------+
|              key |  value |
+------------------+--------+
| execution.target | remote |
+------------------+--------+
!includes

# set illegal value
set 'table.sql-dialect' = 'unknown';
!output
java.lang.IllegalArgumentException: No enum constant org.apache.flink.table.api.SqlDialect.UNKNOWN
!error

set;
!output
+-------------------+---------+
|               key |   value |
+-------------------+---------+
| table.sql-dialect | unknown |
+-------------------+---------+
!excludes

# ==========================================================================
# the SQL client's set.q
# ==========================================================================

SET 'sql-client.execution.result-mode' = 'tableau';
!info

SET 'table.dml-sync' = 'true';
!info

# test "ctas"
CREATE TABLE foo with(
  'connector' = 'filesystem',
  'path' = '$VAR_STREAMING_PATH',
  'format' = 'csv'
) as select id FROM (VALUES (1)) T(id);
!output
Job ID:
!info

RESET 'table.dml-sync';
!info

SELECT * from foo;
!output
+----+-------------+
| op |          id |
+----+-------------+
| +I |           1 |
+----+-------------+
Received a total of 1 row
!ok

# test add jar
ADD JAR '$VAR_UDF_JAR_PATH';
!info

SHOW JARS;
!output
+-------------------+
|              jars |
+-------------------+
| $VAR_UDF_JAR_PATH |
+-------------------+
1 row in set
!ok

REMOVE JAR '$VAR_UDF_JAR_PATH';
!info

SHOW JARS;
!output
Empty set
!ok

reset 'table.resources.download-dir';
!info

set;
!output
+----------------------------------+---------+
|                              key |   value |
+----------------------------------+---------+
|                 execution.target |  remote |
| sql-client.execution.result-mode | tableau |
+----------------------------------+---------+
!includes

# reset the configuration
reset;
!info

set;
!output
+----------------------------------+---------+
|                              key |   value |
+----------------------------------+---------+
| sql-client.execution.result-mode | tableau |
+----------------------------------+---------+
!excludes

set;
!output
+------------------+--------+
|              key |  value |
+------------------+--------+
| execution.target | remote |
+------------------+--------+
!includes

# should fail because default dialect doesn't support hive dialect
CREATE TABLE hive_table2 (
  product_id STRING,
  product_name STRING,
  unit_price DECIMAL(10, 4),
  pv_count BIGINT,
  like_count BIGINT,
  comment_count BIGINT,
  update_time TIMESTAMP(3),
  update_user STRING
) PARTITIONED BY (pt_year STRING, pt_month STRING, pt_day STRING) TBLPROPERTIES (
  'streaming-source.enable' = 'true'
);
!output
org.apache.flink.sql.parser.impl.ParseException: Encountered "STRING" at line 10, column 27.
Was expecting one of:
    ")" ...
    "," ...
!error

set 'sql-client.verbose' = 'true';
!info

set;
!output
+--------------------+-------+
|                key | value |
+--------------------+-------+
| sql-client.verbose |  true |
+--------------------+-------+
!includes

set 'execution.attached' = 'false';
!info

reset 'execution.attached';
!info

set;
!output
+--------------------+-------+
|                key | value |
+--------------------+-------+
| execution.attached | false |
+--------------------+-------+
!excludes

# test reset can work with add jar
ADD JAR '$VAR_UDF_JAR_PATH';
!info

SHOW JARS;
!output
+-------------------+
|              jars |
+-------------------+
| $VAR_UDF_JAR_PATH |
+-------------------+
1 row in set
!ok

reset;
!info

SHOW JARS;
!output
+-------------------+
|              jars |
+-------------------+
| $VAR_UDF_JAR_PATH |
+-------------------+
1 row in set
!ok

SET 'sql-client.execution.result-mode' = 'tableau';
!info

SET 'sql-client.display.print-time-cost' = 'false';
!info

create function func1 as 'streamkit.test.LowerUdf' LANGUAGE JAVA;
!info

SELECT id, func1(str) FROM (VALUES (1, 'Hello World')) AS T(id, str) ;
!output
+----+-------------+--------------------------------+
| op |          id |                         EXPR$1 |
+----+-------------+--------------------------------+
| +I |           1 |                    hello world |
+----+-------------+--------------------------------+
Received a total of 1 row
!ok

REMOVE JAR '$VAR_UDF_JAR_PATH';
!info

SHOW JARS;
!output
Empty set
!ok
