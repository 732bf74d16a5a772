package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptShapeTest {
  private static boolean oneJob(String script) {
    return ScriptShape.oneJobAtTheEnd(SqlScript.split(script));
  }

  @Test
  void sessionOnlyStatementsThenOneJobAtTheEnd() {
    assertThat(
            oneJob(
                "-- a comment\nSET 'pipeline.name' = 'x';\nCREATE TEMPORARY TABLE a (i INT) WITH"
                    + " ('connector' = 'datagen');\nCREATE TEMPORARY VIEW v AS SELECT * FROM"
                    + " a;\nUSE CATALOG default_catalog;\nINSERT INTO b SELECT * FROM v;"))
        .isTrue();
    assertThat(oneJob("EXECUTE STATEMENT SET BEGIN INSERT INTO b SELECT 1; END;")).isTrue();
    assertThat(
            oneJob(
                "CREATE TEMPORARY TABLE a (i INT);\nBEGIN STATEMENT SET;\nINSERT INTO b SELECT 1;\n"
                    + "/* the second */ INSERT INTO c SELECT 2;\nEND;"))
        .isTrue();
  }

  @Test
  void anythingThatCouldLeaveSomethingBehindValidatesFirst() {
    // a table in the catalog (persisted), two jobs, a query, a job before other statements
    assertThat(oneJob("CREATE TABLE a (i INT);\nINSERT INTO b SELECT * FROM a;")).isFalse();
    assertThat(oneJob("INSERT INTO b SELECT 1;\nINSERT INTO c SELECT 2;")).isFalse();
    assertThat(oneJob("SELECT 1;")).isFalse();
    assertThat(oneJob("INSERT INTO b SELECT 1;\nSHOW TABLES;")).isFalse();
    assertThat(
            oneJob(
                "CREATE CATALOG c WITH ('type' = 'generic_in_memory');\nINSERT INTO b"
                    + " SELECT 1;"))
        .isFalse();
    assertThat(oneJob("DROP TEMPORARY TABLE a;\nINSERT INTO b SELECT 1;")).isFalse();
    assertThat(oneJob("INSERT INTO b SELECT 1;\nEND;")).isFalse();
    assertThat(oneJob("CREATE TABLE t WITH ('connector' = 'blackhole') AS SELECT 1;")).isFalse();
  }
}
