# script_error.q - a script file with a broken statement
#
# Translated for streamkit from Flink 2.2.0's flink-sql-gateway/src/test/resources/application/error.q,
# a whole script as the SQL gateway's application mode (and sql-client.sh -f) runs it.
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
# Changes: the expected error is written out; the test-only 'values' connector is 'datagen'.

CREATE TEMPORARY TABLE no_error(
  a int
) WITH (
  'connector' = 'datagen'
);
!info

CREATE TEMPORARY TABLE table_with_error (
  a int, -- useless comment
) WITH (
  'connector' = 'datagen'
);
!output
org.apache.flink.sql.parser.impl.ParseException: Encountered ")" at line 3, column 1.
...
!error
