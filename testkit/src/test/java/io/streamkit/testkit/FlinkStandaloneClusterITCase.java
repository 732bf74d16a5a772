package io.streamkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture starts a JobManager and two TaskManagers as separate processes from an assembled
 * Flink home; a TaskManager killed with SIGKILL is noticed by the JobManager, and a new one
 * registers.
 */
class FlinkStandaloneClusterITCase {
  @RegisterExtension
  static final FlinkStandaloneCluster FLINK =
      new FlinkStandaloneCluster(2, 1)
          .with("heartbeat.interval", "500")
          .with("heartbeat.timeout", "4000");

  @Test
  void processesRegisterAndAKilledTaskManagerIsNoticed() throws Exception {
    assertThat(FLINK.registeredTaskManagers()).isEqualTo(2);
    assertThat(FLINK.get("/overview")).contains("\"slots-total\":2");
    assertThat(FLINK.home().resolve("lib")).isDirectoryContaining("glob:**flink-runtime-2.2.0.jar");

    FLINK.killTaskManager(0);
    FLINK.awaitTaskManagers(1);
    FLINK.startTaskManager();
    FLINK.awaitTaskManagers(2);
  }
}
