package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.catalog.LineageStore.Edge;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineageChainsTest {
  private static Edge in(String job, String table) {
    return new Edge(job, "source", table, table, "0", 0);
  }

  private static Edge out(String job, String table) {
    return new Edge(job, "sink", table, table, "0", 0);
  }

  @Test
  void aFanOutIsOneChainPerFinalTable() {
    LineageChains chains =
        new LineageChains(
            List.of(
                in("etl", "s.dw.log"),
                out("etl", "s.dw.cdo"),
                out("etl", "s.dw.browser"),
                in("agg", "s.dw.cdo"),
                out("agg", "s.dw.cdo_minute")));
    assertThat(chains.chains(null))
        .containsExactlyInAnyOrder(
            "s.dw.log -[etl]-> s.dw.cdo -[agg]-> s.dw.cdo_minute",
            "s.dw.log -[etl]-> s.dw.browser");
    assertThat(chains.chains("dw.cdo_minute"))
        .containsExactly("s.dw.log -[etl]-> s.dw.cdo -[agg]-> s.dw.cdo_minute");
    assertThat(chains.knows("dw.browser")).isTrue();
    assertThat(chains.knows("browser_x")).isFalse();
  }

  @Test
  void aCycleEndsItsChainAndIsMarked() {
    LineageChains chains =
        new LineageChains(
            List.of(
                in("a", "s.x"),
                out("a", "s.y"),
                in("b", "s.y"),
                out("b", "s.z"),
                in("c", "s.z"),
                out("c", "s.y")));
    assertThat(chains.chains(null)).containsExactly("s.x -[a]-> s.y -[b]-> s.z -[c]-> s.y (cycle)");
  }
}
