package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.MariaDb;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB backend holds a dimension table larger than the heap: a child JVM with a 96 MiB heap
 * loads 1,000,000 rows (about 150 MB as rows on a heap) with the rocksdb backend and answers
 * lookups, while the heap backend runs out of memory on the same table in the same JVM size.
 */
class RocksDbFullCacheITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();
  private static final int ROWS = 1_000_000;

  @TempDir Path tmp;

  @BeforeAll
  static void bigTable() {
    MARIADB.createDatabase("bigdim");
    MARIADB.execute(
        "bigdim",
        "CREATE TABLE big (id BIGINT PRIMARY KEY, payload VARCHAR(200))",
        "INSERT INTO big SELECT seq, CONCAT(REPEAT('p', 100), '-', seq) FROM seq_1_to_" + ROWS);
  }

  private Process child(String backend) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-Xmx96m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                FullCacheLoadCheck.class.getName(),
                MARIADB.jdbcUrl("bigdim"),
                "root",
                backend,
                tmp.resolve("rocks").toString()))
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve(backend + ".log").toFile())
        .start();
  }

  private String log(String backend) throws Exception {
    return java.nio.file.Files.readString(tmp.resolve(backend + ".log"), StandardCharsets.UTF_8);
  }

  @Test
  void rocksDbHoldsATableLargerThanTheHeap() throws Exception {
    Process rocks = child("rocksdb");
    assertThat(rocks.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(rocks.exitValue()).as(log("rocksdb")).isZero();
    assertThat(log("rocksdb")).contains("OK rows=" + ROWS).contains("maxHeapMiB=");

    Process heap = child("heap");
    assertThat(heap.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(heap.exitValue()).as("the heap backend should not fit: " + log("heap")).isNotZero();
    assertThat(log("heap")).contains("OutOfMemoryError");
    assertThat(new File(tmp.toFile(), "rocks").list())
        .as("snapshots are removed when closed")
        .isEmpty();
  }
}
