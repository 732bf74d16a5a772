# function.q - CREATE/DROP/ALTER FUNCTION
#
# Translated for streamkit from flink-sql-client/src/test/resources/sql/function.q.
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
# Changes: the client's test puts its LowerUDF on the class path with --jar; here ADD JAR loads
# the same function (streamkit.test.LowerUdf) from a jar on no class path. `show functions`
# lists Flink 2.2's (long) list of built-in functions, so the rows the client's script is about
# are checked with !includes and !excludes. `use catalog default_catalog` (back to the session's
# catalog) is `use catalog streamkit`. ALTER FUNCTION names the same class again: the client's
# test class (LocalExecutorITCase$TestScalaFunction) exists only in its test jar. The Hive
# catalog part is left out (no Hive on the CLI's class path).

ADD JAR '$VAR_UDF_JAR_PATH';
!info

# this also tests user classloader because the LowerUdf is in user jar
create function func1 as 'streamkit.test.LowerUdf' LANGUAGE JAVA;
!info

# should contain func1
show functions;
!output
+---------------+
| function name |
+---------------+
|         func1 |
|         lower |
+---------------+
!includes

SET 'sql-client.execution.result-mode' = 'tableau';
!info

# run a query to verify the registered UDF works
SELECT id, func1(str) FROM (VALUES (1, 'Hello World'), (2, 'Hi')) as T(id, str);
!output
+----+-------------+----------------------+
| op |          id |               EXPR$1 |
+----+-------------+----------------------+
| +I |           1 |          hello world |
| +I |           2 |                   hi |
+----+-------------+----------------------+
Received a total of 2 rows
!ok

# ====== test temporary function ======

create temporary function if not exists func2 as 'streamkit.test.LowerUdf' LANGUAGE JAVA;
!info

show functions;
!output
+---------------+
| function name |
+---------------+
|         func1 |
|         func2 |
+---------------+
!includes

# ====== test function with full qualified name ======

create catalog c1 with ('type'='generic_in_memory');
!info

use catalog c1;
!info

create database db;
!info

use catalog streamkit;
!info

create function c1.db.func3 as 'streamkit.test.LowerUdf' LANGUAGE JAVA;
!info

create temporary function if not exists c1.db.func4 as 'streamkit.test.LowerUdf' LANGUAGE JAVA;
!info

# no func3 and func4 because we are not under catalog c1
show functions;
!output
+---------------+
| function name |
+---------------+
|         func3 |
|         func4 |
+---------------+
!excludes

show functions;
!output
+---------------+
| function name |
+---------------+
|         func1 |
|         func2 |
+---------------+
!includes

use catalog c1;
!info

use db;
!info

# should contain func3 and func4 now
show functions;
!output
+---------------+
| function name |
+---------------+
|         func3 |
|         func4 |
+---------------+
!includes

show functions;
!output
+---------------+
| function name |
+---------------+
|         func1 |
|         func2 |
+---------------+
!excludes

# test create function with database name
create function `default`.func5 as 'streamkit.test.LowerUdf';
!info

create function `default`.func6 as 'streamkit.test.LowerUdf';
!info

use `default`;
!info

# should contain func5 and func6
show functions;
!output
+---------------+
| function name |
+---------------+
|         func5 |
|         func6 |
+---------------+
!includes

# ==========================================================================
# test drop function
# ==========================================================================

create function c1.db.func10 as 'streamkit.test.LowerUdf';
!info

create function c1.db.func11 as 'streamkit.test.LowerUdf';
!info

drop function if exists c1.db.func10;
!info

use catalog c1;
!info

use db;
!info

drop function if exists non_func;
!info

# should contain func11, not contain func10
show functions;
!output
+---------------+
| function name |
+---------------+
|        func11 |
|         func3 |
|         func4 |
+---------------+
!includes

show functions;
!output
+---------------+
| function name |
+---------------+
|        func10 |
+---------------+
!excludes

# ==========================================================================
# test alter function
# ==========================================================================

alter function func11 as 'streamkit.test.LowerUdf';
!info

create temporary function tmp_func as 'streamkit.test.LowerUdf';
!info

# should throw unsupported error
alter temporary function tmp_func as 'streamkit.test.LowerUdf';
!output
[ERROR] Could not execute SQL statement. Alter function failed! Reason:
org.apache.flink.table.api.ValidationException: Alter temporary catalog function is not supported
!error
