package io.streamkit.smallfile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the small files of one write job inside its job-attempt directory, before the committer
 * moves them to the output. The committed output of each task is a child directory of the
 * job-attempt path; uncommitted (failed or speculative) attempts live under its {@code _temporary}
 * child and are never looked at.
 *
 * <p>Merged files go to a child directory of their own ({@value #MERGED_DIR}), which the committer
 * moves like any task's output. Each group is swapped in with a journal, so a merge that stops at
 * any point and runs again neither loses nor duplicates rows:
 *
 * <ol>
 *   <li>the merged file is written to a scratch directory under {@code _temporary};
 *   <li>a journal naming the merged file and its inputs is written;
 *   <li>the merged file is renamed into place, then the inputs are deleted, then the journal.
 * </ol>
 *
 * A new run first rolls every journal forward (merged file in place: delete what is left of its
 * inputs) or back (merged file absent: nothing happened). A delete that returns false for a path
 * that is still there fails the swap (or the roll-forward) as loudly as an exception would: the
 * merged file and its inputs must never both be published.
 *
 * <p>Every merged byte is read and written by the process that runs this (Spark's driver), so a
 * group of compatible files bigger than {@link MergeOptions#maxGroupBytes()} is left alone.
 */
public final class SmallFileMerger {
  static final String MERGED_DIR = "streamkit-merged";
  private static final String SCRATCH = "_temporary/streamkit-merge";

  private static final Logger LOG = LoggerFactory.getLogger(SmallFileMerger.class);

  private final FileSystem fs;
  private final Configuration conf;
  private final MergeOptions options;
  private final Predicate<String> bucketed;

  /** A merger for writes without buckets. */
  public SmallFileMerger(FileSystem fs, Configuration conf, MergeOptions options) {
    this(fs, conf, options, name -> false);
  }

  /**
   * @param bucketed whether a data file's name carries a bucket id (the engine knows how it names
   *     bucket files); a write with any such file is left alone, as merging would mix buckets
   */
  public SmallFileMerger(
      FileSystem fs, Configuration conf, MergeOptions options, Predicate<String> bucketed) {
    this.fs = fs;
    this.conf = conf;
    this.options = options;
    this.bucketed = bucketed;
  }

  /** Merges what {@code jobAttemptPath} holds; names merged files after {@code jobId}. */
  public MergeStats merge(Path jobAttemptPath, String jobId) throws IOException {
    long start = System.currentTimeMillis();
    Path scratch = new Path(jobAttemptPath, SCRATCH);
    recover(scratch);

    List<Output> outputs = listOutputs(jobAttemptPath);
    for (Output output : outputs) {
      if (bucketed.test(output.file.getPath().getName())) {
        return MergeStats.refused(
            "bucketed write (" + output.file.getPath().getName() + "): merging breaks buckets");
      }
    }
    int filesBefore = outputs.size();
    long bytesBefore = outputs.stream().mapToLong(o -> o.file.getLen()).sum();

    AtomicInteger leftAlone = new AtomicInteger();
    List<Group> groups = plan(outputs, leftAlone);
    fs.mkdirs(scratch);
    AtomicInteger merged = new AtomicInteger();
    AtomicInteger removed = new AtomicInteger();
    AtomicLong bytesSaved = new AtomicLong(); // inputs' bytes minus the merged file's
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(options.parallelism(), groups.size())),
            r -> {
              Thread t = new Thread(r, "streamkit-merge");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        Group group = groups.get(i);
        String name = String.format("part-%05d-%s-merged%s", i, jobId, group.extension());
        Path target = new Path(new Path(jobAttemptPath, MERGED_DIR + group.dir), name);
        Path temporary = new Path(scratch, i + ".tmp");
        Path journal = new Path(scratch, i + ".journal");
        work.add(
            pool.submit(
                () -> {
                  if (!build(group, temporary)) {
                    leftAlone.incrementAndGet();
                    return null;
                  }
                  long mergedBytes = fs.getFileStatus(temporary).getLen();
                  swap(group, temporary, target, journal);
                  merged.incrementAndGet();
                  removed.addAndGet(group.files.size() - 1);
                  bytesSaved.addAndGet(
                      group.files.stream().mapToLong(FileStatus::getLen).sum() - mergedBytes);
                  return null;
                }));
      }
      for (Future<?> future : work) {
        future.get();
      }
      // Only now: after a failure the journals must stay for the next run (or abortJob).
      fs.delete(scratch, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while merging small files", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      // After a failure, groups not started are dropped, but those running may still be
      // swapping: wait for them, so that whatever runs next (a retry's recovery, abortJob) sees
      // the journals in their final state.
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new MergeStats(
        "merged",
        filesBefore,
        bytesBefore,
        filesBefore - removed.get(),
        bytesBefore - bytesSaved.get(),
        merged.get(),
        leftAlone.get(),
        System.currentTimeMillis() - start);
  }

  /** Writes the merged file; false (inputs untouched) when this group cannot be merged. */
  private boolean build(Group group, Path temporary) {
    try {
      merger(group.format).merge(group.files, temporary);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Leaving {} {} files in {} unmerged: {}",
          group.files.size(),
          group.format,
          group.dir,
          e.toString());
      try {
        fs.delete(temporary, false);
      } catch (IOException ignored) {
        // the scratch directory is removed with the job attempt anyway
      }
      return false;
    }
  }

  private void swap(Group group, Path temporary, Path target, Path journal) throws IOException {
    Path journalTmp = journal.suffix(".tmp");
    try (FSDataOutputStream out = fs.create(journalTmp, true)) {
      StringBuilder text = new StringBuilder(target.toString()).append('\n');
      for (FileStatus input : group.files) {
        text.append(input.getPath()).append('\n');
      }
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    rename(journalTmp, journal);
    fs.mkdirs(target.getParent());
    rename(temporary, target);
    for (FileStatus input : group.files) {
      delete(input.getPath(), false);
    }
    delete(journal, false);
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Could not rename " + from + " to " + to);
    }
  }

  /** Deletes {@code path}; a false from the file system for a path still there is a failure. */
  private void delete(Path path, boolean recursive) throws IOException {
    if (!fs.delete(path, recursive) && fs.exists(path)) {
      throw new IOException("Could not delete " + path + ": the file system returned false");
    }
  }

  /** Finishes or undoes the swaps a previous run left half done. */
  private void recover(Path scratch) throws IOException {
    if (!fs.exists(scratch)) {
      return;
    }
    for (FileStatus entry : fs.listStatus(scratch)) {
      if (!entry.getPath().getName().endsWith(".journal")) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(fs.open(entry.getPath()), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
      if (!lines.isEmpty() && fs.exists(new Path(lines.get(0)))) {
        for (String input : lines.subList(1, lines.size())) {
          delete(new Path(input), false);
        }
        LOG.info("Finished an interrupted merge into {}", lines.get(0));
      }
    }
    delete(scratch, true);
  }

  private List<Group> plan(List<Output> outputs, AtomicInteger leftAlone) throws IOException {
    Map<String, List<Output>> compatible = new LinkedHashMap<>();
    Map<String, FileFormat> formatOf = new LinkedHashMap<>();
    for (Output output : outputs) {
      if (output.file.getLen() >= options.smallFileBytes() || output.merged) {
        continue;
      }
      Optional<FileFormat> format = FileFormat.detect(fs, output.file);
      if (format.isEmpty() || !options.formats().contains(format.get())) {
        continue;
      }
      String key;
      try {
        key = merger(format.get()).compatibilityKey(output.file);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Leaving {} unmerged: {}", output.file.getPath(), e.toString());
        continue;
      }
      if (key != null) {
        String group = output.dir + "\u0000" + key;
        compatible.computeIfAbsent(group, k -> new ArrayList<>()).add(output);
        formatOf.put(group, format.get());
      }
    }
    List<Group> groups = new ArrayList<>();
    compatible.forEach(
        (key, files) -> {
          long bytes = files.stream().mapToLong(o -> o.file.getLen()).sum();
          if (files.size() > 1 && bytes > options.maxGroupBytes()) {
            LOG.info(
                "Leaving {} small {} files ({} bytes) in {} unmerged: more than {} = {} bytes"
                    + " would pass through this process",
                files.size(),
                formatOf.get(key),
                bytes,
                files.get(0).dir.isEmpty() ? "/" : files.get(0).dir,
                MergeOptions.MAX_GROUP_SIZE,
                options.maxGroupBytes());
            leftAlone.incrementAndGet();
            return;
          }
          for (List<FileStatus> bin : BinPacker.pack(statuses(files), options.targetBytes())) {
            if (bin.size() > 1) {
              groups.add(new Group(files.get(0).dir, formatOf.get(key), bin));
            }
          }
        });
    return groups;
  }

  private static List<FileStatus> statuses(List<Output> outputs) {
    List<FileStatus> files = new ArrayList<>();
    outputs.forEach(o -> files.add(o.file));
    return files;
  }

  private final Map<FileFormat, FormatMerger> mergers = new EnumMap<>(FileFormat.class);

  private synchronized FormatMerger merger(FileFormat format) {
    return mergers.computeIfAbsent(
        format,
        f ->
            switch (f) {
              case PARQUET ->
                  new ParquetMerger(conf, options.parquetMinRowGroupBytes(), options.targetBytes());
              case ORC -> new OrcMerger(conf, fs, options.orcMinStripeBytes());
              case TEXT -> new TextMerger(fs, conf.getBoolean("header", false));
            });
  }

  /** The data files of every committed task, with the directory each sits in relative to it. */
  private List<Output> listOutputs(Path jobAttemptPath) throws IOException {
    List<Output> outputs = new ArrayList<>();
    if (!fs.exists(jobAttemptPath)) {
      return outputs;
    }
    for (FileStatus task : fs.listStatus(jobAttemptPath)) {
      String name = task.getPath().getName();
      if (!task.isDirectory() || name.equals("_temporary")) {
        continue;
      }
      String root = task.getPath().toUri().getPath();
      collect(task.getPath(), root, name.equals(MERGED_DIR), outputs);
    }
    outputs.sort(Comparator.comparing(o -> o.file.getPath().toString()));
    return outputs;
  }

  /**
   * Walks with {@code listStatus}, not {@code listFiles}: on the local file system without Hadoop's
   * native library, every {@code LocatedFileStatus} forks a shell to read permissions.
   */
  private void collect(Path dir, String root, boolean merged, List<Output> into)
      throws IOException {
    for (FileStatus entry : fs.listStatus(dir)) {
      String name = entry.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (entry.isDirectory()) {
        collect(entry.getPath(), root, merged, into);
      } else {
        String parent = entry.getPath().getParent().toUri().getPath();
        into.add(new Output(entry, parent.substring(root.length()), merged));
      }
    }
  }

  /** A data file; {@code dir} is "" or "/a=1/b=2". */
  private record Output(FileStatus file, String dir, boolean merged) {}

  private record Group(String dir, FileFormat format, List<FileStatus> files) {
    /**
     * ".snappy.parquet", ".csv.gz", "" ...: the suffix of the first input's name, from the first
     * dot after its last dash (Spark's names end in {@code -c000<extension>} or {@code
     * .c000<extension>}, and may start with a prefix of the data source's choosing).
     */
    String extension() {
      String name = files.get(0).getPath().getName();
      int dot = name.indexOf('.', name.lastIndexOf('-') + 1);
      return dot < 0 ? "" : name.substring(dot);
    }
  }
}
