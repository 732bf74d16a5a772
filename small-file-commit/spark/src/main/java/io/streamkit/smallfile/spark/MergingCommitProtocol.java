package io.streamkit.smallfile.spark;

import io.streamkit.smallfile.MergeOptions;
import io.streamkit.smallfile.MergeStats;
import io.streamkit.smallfile.SmallFileMerger;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.spark.internal.io.FileCommitProtocol.TaskCommitMessage;
import org.apache.spark.sql.execution.datasources.BucketingUtils;
import org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.immutable.Seq;

/**
 * Spark's own SQL commit protocol, plus a merge of small files at the start of the driver's job
 * commit. Set {@code
 * spark.sql.sources.commitProtocolClass=io.streamkit.smallfile.spark.MergingCommitProtocol}.
 *
 * <p>The merge works on the committed task output inside the Hadoop {@link FileOutputCommitter}'s
 * job-attempt directory (found through the committer, never a hard-coded path), so the normal
 * commit that follows moves fewer files and an {@code abortJob} after a failure removes everything.
 * It refuses, with a log line and no error, where merging would be wrong or impossible: the v2
 * commit algorithm (task output is already in place), committers other than {@link
 * FileOutputCommitter} (such as the S3A committers), and bucketed writes.
 */
public class MergingCommitProtocol extends SQLHadoopMapReduceCommitProtocol {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MergingCommitProtocol.class);

  private final String jobId;
  private final String path;

  /** The committer {@code setupJob} made on the driver. */
  private transient OutputCommitter driverCommitter;

  public MergingCommitProtocol(String jobId, String path, boolean dynamicPartitionOverwrite) {
    super(jobId, path, dynamicPartitionOverwrite);
    this.jobId = jobId;
    this.path = path;
  }

  public MergingCommitProtocol(String jobId, String path) {
    this(jobId, path, false);
  }

  @Override
  public OutputCommitter setupCommitter(TaskAttemptContext context) {
    OutputCommitter committer = super.setupCommitter(context);
    driverCommitter = committer;
    return committer;
  }

  @Override
  public void commitJob(JobContext jobContext, Seq<TaskCommitMessage> taskCommits) {
    mergeSmallFiles(jobContext);
    super.commitJob(jobContext, taskCommits);
  }

  private void mergeSmallFiles(JobContext jobContext) {
    Configuration conf = jobContext.getConfiguration();
    MergeOptions options = MergeOptions.from(conf);
    if (!options.enabled()) {
      return;
    }
    String refusal = refusal(conf);
    if (refusal != null) {
      LOG.info("Small files of write {} to {} not merged: {}", jobId, path, refusal);
      return;
    }
    Path jobAttemptPath = ((FileOutputCommitter) driverCommitter).getJobAttemptPath(jobContext);
    try {
      FileSystem fs = jobAttemptPath.getFileSystem(conf);
      MergeStats stats =
          new SmallFileMerger(fs, conf, options, name -> bucketed(name, jobId))
              .merge(jobAttemptPath, jobId);
      LOG.info("Small files of write {} to {}: {}", jobId, path, stats);
      MergeMetrics.record(stats);
    } catch (IOException e) {
      // Spark answers a failed commitJob with abortJob: no output, no stray files.
      throw new IllegalStateException(
          "Merging the small files of write " + jobId + " to " + path + " failed", e);
    }
  }

  /**
   * Whether Spark named this file for a bucket: {@link BucketingUtils#getBucketId} finds an id, and
   * it is where Spark puts one, right after the write's job id ({@code part-00000-<job
   * id>_00003.c000.parquet}). Spark's parser alone takes the last {@code _<digits>} before a dot
   * anywhere in the name, such as in a data source's file name prefix.
   */
  static boolean bucketed(String fileName, String jobId) {
    Option<Object> id;
    try {
      id = BucketingUtils.getBucketId(fileName);
    } catch (NumberFormatException e) {
      return false; // "_<digits>" too long for an int: no bucket id of Spark's
    }
    return id.isDefined()
        && fileName.contains(jobId + BucketingUtils.bucketIdToString((Integer) id.get()) + ".");
  }

  private String refusal(Configuration conf) {
    if (!(driverCommitter instanceof FileOutputCommitter)) {
      return "the committer "
          + (driverCommitter == null ? "(none)" : driverCommitter.getClass().getName())
          + " keeps no listable task output";
    }
    int algorithm =
        conf.getInt(
            FileOutputCommitter.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION,
            1); // Spark sets 1 unless the user chose otherwise
    if (algorithm != 1) {
      return "commit algorithm v" + algorithm + " moves task output in place at task commit";
    }
    return null;
  }
}
