# module.q - LOAD/UNLOAD MODULE, USE/LIST/LIST FULL MODULES
#
# Translated for streamkit from flink-sql-client/src/test/resources/sql/module.q.
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
# Changes: the client's script loads Flink's Hive module, which needs Hive on the class path; the
# CLI has none (streamkit's own Hive function bridge is a separate jar). Kept: every statement on
# the core module, and the statements that fail whether or not Hive is there. The capitalised
# `LOAD MODULE Hive` expects Flink 2.2's wording of "no such factory" (the stored script still has
# Flink 1.13's NoMatchingTableFactoryException text); so do the 'type' option message (Flink 2.2
# says "Option", 1.13 "Property") and the `used` column (Flink 2.x prints BOOLEAN as TRUE/FALSE in
# every result table, as the other scripts show).

# set tableau result mode
SET sql-client.execution.result-mode = tableau;
!info

# ==========================================================================
# test load module
# ==========================================================================

# list default loaded and enabled module
SHOW MODULES;
!output
+-------------+
| module name |
+-------------+
|        core |
+-------------+
1 row in set
!ok

SHOW FULL MODULES;
!output
+-------------+------+
| module name | used |
+-------------+------+
|        core | TRUE |
+-------------+------+
1 row in set
!ok

# load core module twice
LOAD MODULE core;
!output
[ERROR] Could not execute SQL statement. Load module failed! Reason:
org.apache.flink.table.api.ValidationException: A module with name 'core' already exists
!error

# use hive built-in function without loading hive module
SELECT SUBSTRING_INDEX('www.apache.org', '.', 2) FROM (VALUES (1, 'Hello World')) AS T(id, str);
!output
[ERROR] Could not execute SQL statement. Reason:
org.apache.calcite.sql.validate.SqlValidatorException: No match found for function signature SUBSTRING_INDEX(<CHARACTER>, <CHARACTER>, <NUMERIC>)
!error

# load hive module with module name as string literal
LOAD MODULE 'hive';
!output
[ERROR] Could not execute SQL statement. Reason:
org.apache.flink.sql.parser.impl.ParseException: Encountered "\'hive\'" at line 1, column 13.
Was expecting one of:
...
!error

# load hive module with module name capitalized
LOAD MODULE Hive;
!output
[ERROR] Could not execute SQL statement. Load module failed! Reason:
org.apache.flink.table.api.ValidationException: Could not find any factory for identifier 'Hive' that implements 'org.apache.flink.table.factories.ModuleFactory' in the classpath.
!error

# load hive module with specifying type
LOAD MODULE myhive WITH ('type' = 'hive');
!output
[ERROR] Could not execute SQL statement. Load module failed! Reason:
org.apache.flink.table.api.ValidationException: Option 'type' = 'hive' is not supported since module name is used to find module
!error

# ==========================================================================
# test use modules
# ==========================================================================

# use duplicate modules
USE MODULES core, core;
!output
[ERROR] Could not execute SQL statement. Use modules failed! Reason:
org.apache.flink.table.api.ValidationException: Module 'core' appears more than once
!error

USE MODULES core;
!info

SHOW MODULES;
!output
+-------------+
| module name |
+-------------+
|        core |
+-------------+
1 row in set
!ok

# ==========================================================================
# test unload module
# ==========================================================================

UNLOAD MODULE core;
!info

SHOW MODULES;
!output
Empty set
!ok

SHOW FULL MODULES;
!output
Empty set
!ok

# unload core module twice
UNLOAD MODULE core;
!output
[ERROR] Could not execute SQL statement. Unload module failed! Reason:
org.apache.flink.table.api.ValidationException: No module with name 'core' exists
!error
