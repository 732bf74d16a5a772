package io.streamkit.submitter;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.cli.ClientOptions;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableResultImpl;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.command.DescribeJobOperation;
import org.apache.flink.table.operations.command.ShowJobsOperation;
import org.apache.flink.table.operations.command.StopJobOperation;
import org.apache.flink.types.Row;

/**
 * {@code STOP JOB}, {@code SHOW JOBS} and {@code DESCRIBE JOB} against the cluster of the session's
 * configuration, with the results Flink's SQL client shows for them.
 */
final class ClusterActions {
  private ClusterActions() {}

  static TableResult run(Operation op, Configuration conf) throws Exception {
    Duration timeout = conf.get(ClientOptions.CLIENT_TIMEOUT);
    try (ClusterConnection cluster = ClusterConnection.of(conf)) {
      ClusterClient<?> client = cluster.client();
      if (op instanceof StopJobOperation stop) {
        JobID id = jobId(stop.getJobId());
        if (!stop.isWithSavepoint()) {
          client.cancel(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          return TableResultImpl.TABLE_RESULT_OK;
        }
        String path =
            client
                .stopWithSavepoint(
                    id,
                    stop.isWithDrain(),
                    conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
                    SavepointFormatType.DEFAULT)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return rows(
            ResolvedSchema.of(Column.physical("savepoint path", DataTypes.STRING())),
            List.of(Row.of(path)));
      }
      Collection<JobStatusMessage> jobs =
          client.listJobs().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (op instanceof DescribeJobOperation describe) {
        JobID id = jobId(describe.getJobId());
        jobs = jobs.stream().filter(j -> j.getJobId().equals(id)).toList();
        if (jobs.isEmpty()) {
          throw new IllegalArgumentException(
              "Described job " + describe.getJobId() + " does not exist in the cluster.");
        }
      } else if (!(op instanceof ShowJobsOperation)) {
        throw new IllegalArgumentException("Not a cluster action: " + op.asSummaryString());
      }
      return rows(
          ResolvedSchema.of(
              Column.physical("job id", DataTypes.STRING()),
              Column.physical("job name", DataTypes.STRING()),
              Column.physical("status", DataTypes.STRING()),
              Column.physical("start time", DataTypes.STRING())),
          jobs.stream()
              .map(
                  j ->
                      Row.of(
                          j.getJobId().toString(),
                          j.getJobName(),
                          j.getJobState().toString(),
                          java.time.Instant.ofEpochMilli(j.getStartTime()).toString()))
              .toList());
    }
  }

  private static JobID jobId(String text) {
    try {
      return JobID.fromHexString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a Flink job id (32 hex digits, as printed after 'Job ID:').", e);
    }
  }

  private static TableResult rows(ResolvedSchema schema, List<Row> rows) {
    return TableResultImpl.builder()
        .resultKind(ResultKind.SUCCESS_WITH_CONTENT)
        .schema(schema)
        .data(rows)
        .build();
  }
}
