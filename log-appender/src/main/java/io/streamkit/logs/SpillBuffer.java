package io.streamkit.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Log events waiting on local disk while Kafka is unreachable: append-only segment files replayed
 * oldest first. Bounded by a byte budget; what does not fit is refused (and counted by the caller).
 * Segments left by a previous process are replayed too, so a restart loses nothing. Thread-safe:
 * one thread appends while another replays.
 *
 * <p>Each buffer owns a numbered subdirectory of the configured one, held with a file lock: several
 * appenders share a spill directory in practice (a JobManager and TaskManagers on one host under
 * the same {@code java.io.tmpdir}; Log4j's context per class loader builds an appender for each),
 * and two buffers replaying and deleting each other's segments would corrupt both. A new process
 * takes the first subdirectory no live one holds, with what a stopped one left in it.
 */
final class SpillBuffer {
  private static final long SEGMENT_BYTES = 8L << 20;
  private static final int WRITE_BUFFER = 64 << 10;

  /** Segments are numbered up from here, leaving room below for {@link #prepend}. */
  private static final long FIRST_SEQUENCE = 1_000_000_000L;

  /** Subdirectories tried before giving up: far more appenders than share a host. */
  private static final int MAX_OWNERS = 1024;

  private final Path dir;
  private final FileLock lock;
  private final long maxBytes;
  private long bytes;
  private long nextSegment;
  private Path writing;
  private OutputStream writer;
  private long writingBytes;

  SpillBuffer(Path root, long maxBytes) throws IOException {
    Claim claim = claim(Files.createDirectories(root));
    this.dir = claim.dir();
    this.lock = claim.lock();
    this.maxBytes = maxBytes;
    this.nextSegment = FIRST_SEQUENCE;
    for (Path segment : segments()) {
      bytes += Files.size(segment);
      nextSegment = Math.max(nextSegment, sequenceOf(segment) + 1);
    }
  }

  synchronized boolean isEmpty() {
    return bytes == 0;
  }

  /** Appends events in order; returns how many did not fit the budget. */
  synchronized int append(List<String> events) throws IOException {
    int refused = 0;
    for (String event : events) {
      byte[] line = event.getBytes(StandardCharsets.UTF_8); // encoded once: sized and written
      long size = line.length + 1L;
      if (bytes + size > maxBytes) {
        refused++;
        continue;
      }
      if (writer == null || writingBytes > SEGMENT_BYTES) {
        rotate();
        writing = dir.resolve(String.format("spill-%020d.log", nextSegment++));
        writer = open(writing);
        writingBytes = 0;
      }
      writer.write(line);
      writer.write('\n');
      writingBytes += size;
      bytes += size;
    }
    if (writer != null) {
      writer.flush();
    }
    return refused;
  }

  /**
   * Writes events that are older than everything already on disk into a segment of their own that
   * is replayed first. Returns how many did not fit the budget.
   */
  synchronized int prepend(List<String> events) throws IOException {
    List<Path> all = segments();
    long sequence = all.isEmpty() ? nextSegment++ : sequenceOf(all.get(0)) - 1;
    Path segment = dir.resolve(String.format("spill-%020d.log", sequence));
    int refused = 0;
    try (OutputStream out = open(segment)) {
      for (String event : events) {
        byte[] line = event.getBytes(StandardCharsets.UTF_8);
        long size = line.length + 1L;
        if (bytes + size > maxBytes) {
          refused++;
          continue;
        }
        out.write(line);
        out.write('\n');
        bytes += size;
      }
    }
    return refused;
  }

  /** The oldest segment's events, closing the one being written if it is the only one. */
  synchronized Segment oldest() throws IOException {
    List<Path> all = segments();
    if (all.isEmpty()) {
      return null;
    }
    Path first = all.get(0);
    if (first.equals(writing)) {
      rotate();
    }
    return new Segment(first, Files.readAllLines(first, StandardCharsets.UTF_8));
  }

  /** Removes a segment whose events Kafka acknowledged. */
  synchronized void remove(Segment segment) throws IOException {
    bytes -= Files.size(segment.path());
    Files.delete(segment.path());
  }

  record Segment(Path path, List<String> events) {}

  synchronized void close() throws IOException {
    rotate();
    lock.channel().close(); // releases the lock
  }

  /** The directory this buffer owns, e.g. {@code <root>/0}. */
  Path directory() {
    return dir;
  }

  private record Claim(Path dir, FileLock lock) {}

  /** Locks the first numbered subdirectory of {@code root} that no other buffer holds. */
  private static Claim claim(Path root) throws IOException {
    for (int i = 0; i < MAX_OWNERS; i++) {
      Path dir = Files.createDirectories(root.resolve(Integer.toString(i)));
      FileChannel channel =
          FileChannel.open(
              dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new Claim(dir, lock);
        }
      } catch (OverlappingFileLockException heldInThisJvm) {
        // another appender of this process owns it
      }
      channel.close();
    }
    throw new IOException(
        "All " + MAX_OWNERS + " spill subdirectories of " + root + " are held by live appenders");
  }

  private static OutputStream open(Path segment) throws IOException {
    return new BufferedOutputStream(
        Files.newOutputStream(segment, StandardOpenOption.CREATE_NEW), WRITE_BUFFER);
  }

  private void rotate() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
      writing = null;
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("spill-")).sorted().toList();
    }
  }

  private static long sequenceOf(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring("spill-".length(), name.length() - ".log".length()));
  }
}
