package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsOnSemicolonsOutsideQuotesAndComments() {
    String script =
        "-- header; not a statement\n"
            + "SET 'a' = 'x;y';\n"
            + "\n"
            + "  /* block; comment */ CREATE TABLE t (s STRING COMMENT 'it''s; fine') WITH ('k' = 'v');\n"
            + "SELECT `we;ird` FROM t -- trailing; comment\n"
            + ";";
    List<SqlScript.Statement> statements = SqlScript.split(script);
    assertThat(statements)
        .extracting(SqlScript.Statement::sql)
        .containsExactly(
            "SET 'a' = 'x;y'",
            "CREATE TABLE t (s STRING COMMENT 'it''s; fine') WITH ('k' = 'v')",
            "SELECT `we;ird` FROM t -- trailing; comment");
    assertThat(statements).extracting(SqlScript.Statement::line).containsExactly(2, 4, 5);
    assertThat(statements).extracting(SqlScript.Statement::column).containsExactly(1, 24, 1);
  }

  @Test
  void keepsStatementSetsWhole() {
    String script =
        "EXECUTE STATEMENT SET BEGIN\n"
            + "  INSERT INTO a SELECT * FROM s;\n"
            + "  INSERT INTO b SELECT * FROM s;\n"
            + "END;\n"
            + "SELECT 1";
    List<SqlScript.Statement> statements = SqlScript.split(script);
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).isStatementSet()).isTrue();
    assertThat(statements.get(0).sql()).endsWith("END");
    assertThat(statements.get(1).sql()).isEqualTo("SELECT 1");
  }

  @Test
  void aCaseEndingAnInsertDoesNotEndItsStatementSet() {
    String script =
        "EXECUTE STATEMENT SET BEGIN\n"
            + "  INSERT INTO a SELECT id FROM s WHERE kind = CASE WHEN id > 1 THEN 'b' ELSE 's' END;\n"
            + "  INSERT INTO b SELECT * FROM s;\n"
            + "END;\n"
            + "EXECUTE STATEMENT SET BEGIN\n"
            + "END;\n"
            + "SELECT 1";
    List<SqlScript.Statement> statements = SqlScript.split(script);
    assertThat(statements)
        .extracting(SqlScript.Statement::sql)
        .containsExactly(
            "EXECUTE STATEMENT SET BEGIN\n"
                + "  INSERT INTO a SELECT id FROM s WHERE kind = CASE WHEN id > 1 THEN 'b' ELSE 's'"
                + " END;\n"
                + "  INSERT INTO b SELECT * FROM s;\n"
                + "END",
            "EXECUTE STATEMENT SET BEGIN\nEND",
            "SELECT 1");
  }

  @Test
  void keepsExplainedStatementSetsWholeAndSplitsTheClientsStatementSet() {
    String script =
        "EXPLAIN ESTIMATED_COST, CHANGELOG_MODE STATEMENT SET BEGIN\n"
            + "  INSERT INTO a SELECT * FROM s;\n"
            + "  INSERT INTO b SELECT * FROM s;\n"
            + "END;\n"
            + "BEGIN STATEMENT SET;\n"
            + "INSERT INTO a SELECT * FROM s;\n"
            + "END;\n"
            + "EXPLAIN SELECT 'STATEMENT SET BEGIN';";
    List<SqlScript.Statement> statements = SqlScript.split(script);
    assertThat(statements)
        .extracting(SqlScript.Statement::sql)
        .containsExactly(
            "EXPLAIN ESTIMATED_COST, CHANGELOG_MODE STATEMENT SET BEGIN\n"
                + "  INSERT INTO a SELECT * FROM s;\n"
                + "  INSERT INTO b SELECT * FROM s;\n"
                + "END",
            "BEGIN STATEMENT SET",
            "INSERT INTO a SELECT * FROM s",
            "END",
            "EXPLAIN SELECT 'STATEMENT SET BEGIN'");
    assertThat(statements.get(0).isStatementSet()).isTrue();
    assertThat(statements.get(1).isStatementSet()).isFalse();
  }

  @Test
  void mapsPositionsInsideAStatementToTheFile() {
    SqlScript.Statement statement = new SqlScript.Statement(3, "SELECT\n x FROM y", 10, 5);
    assertThat(statement.filePosition(1, 3)).containsExactly(10, 7);
    assertThat(statement.filePosition(2, 8)).containsExactly(11, 8);
  }

  @Test
  void substitutesVariablesAndRejectsUnknownOnes() {
    assertThat(SqlScript.substitute("a ${x} b ${y.z}", Map.of("x", "1", "y.z", "2")))
        .isEqualTo("a 1 b 2");
    assertThatThrownBy(() -> SqlScript.substitute("${missing}", Map.of()))
        .hasMessageContaining("--var missing=");
  }
}
