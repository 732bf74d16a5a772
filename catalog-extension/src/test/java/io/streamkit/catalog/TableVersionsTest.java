package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.junit.jupiter.api.Test;

/** Which version an ALTER must find, and what a session knows after a success or a conflict. */
class TableVersionsTest {
  private static final ObjectPath T = new ObjectPath("db", "t");

  private final TableVersions versions = new TableVersions("sk");

  @Test
  void anAlterExpectsTheVersionTheSessionRead() {
    versions.read(T, 3);
    assertThat(versions.beginAlter(T).expected(5)).isEqualTo(3);
  }

  @Test
  void anObjectThisSessionNeverReadIsAlteredAtTheStoredVersion() {
    assertThat(versions.beginAlter(T).expected(7)).isEqualTo(7);
    versions.read(T, 2);
    versions.forget(T);
    assertThat(versions.beginAlter(T).expected(7)).isEqualTo(7);
  }

  @Test
  void aConflictNamesBothVersionsAndTheNextAttemptStartsFromTheStoredOne() {
    versions.read(T, 3);
    TableVersions.Alter alter = versions.beginAlter(T);
    alter.expected(5);
    CatalogException conflict = alter.conflict();
    assertThat(conflict)
        .hasMessage(
            "Concurrent change: sk.db.t was changed by another session (now at version 5) after"
                + " this session read it at version 3. Nothing was written. Run the statement"
                + " again to apply it to the current definition.");
    assertThat(versions.beginAlter(T).expected(5)).isEqualTo(5);
  }

  @Test
  void aCommittedAlterIsTheBaseOfTheNextOne() {
    versions.read(T, 3);
    TableVersions.Alter first = versions.beginAlter(T);
    first.expected(3);
    first.committed();
    // Another session changes it meanwhile (4 -> 5): this session's next ALTER must still find 4.
    assertThat(versions.beginAlter(T).expected(5)).isEqualTo(4);
  }

  @Test
  void versionsArePerObject() {
    versions.read(T, 3);
    assertThat(versions.beginAlter(new ObjectPath("db", "other")).expected(9)).isEqualTo(9);
    assertThat(versions.beginAlter(new ObjectPath("db2", "t")).expected(9)).isEqualTo(9);
  }
}
