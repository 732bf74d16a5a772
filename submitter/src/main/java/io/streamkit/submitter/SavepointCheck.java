package io.streamkit.submitter;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.flink.runtime.state.filesystem.FsCompletedCheckpointStorageLocation;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamingJobGraphGenerator;

/**
 * Before a job starts from a savepoint ({@code --from-savepoint}, {@code job resume}), compares the
 * savepoint's operators with the new plan's: state that no operator of the new plan would take
 * (dropped), a parallelism beyond the savepoint's max parallelism, a changed max parallelism (keyed
 * state cannot move), and operators that start empty. Flink itself finds the first of these only on
 * the JobManager, one operator at a time, after the job was submitted.
 */
final class SavepointCheck {
  private SavepointCheck() {}

  /** What the comparison found; {@code blocking} lines refuse the job unless allowed. */
  record Result(List<String> blocking, List<String> notes) {}

  /**
   * Throws when the savepoint the job starts from does not fit it (see the class comment). The
   * savepoint comes from the graph's restore settings, else from {@code conf}.
   */
  static void check(Pipeline pipeline, ReadableConfig conf, ClassLoader classLoader) {
    if (!(pipeline instanceof StreamGraph graph)) {
      return;
    }
    SavepointRestoreSettings settings = graph.getSavepointRestoreSettings();
    String path =
        settings != null && settings.restoreSavepoint()
            ? settings.getRestorePath()
            : conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).orElse(null);
    if (path == null) {
      return;
    }
    boolean allowDropped =
        (settings != null && settings.restoreSavepoint() && settings.allowNonRestoredState())
            || conf.get(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE);
    Result result =
        compare(load(path, classLoader), StreamingJobGraphGenerator.createJobGraph(graph));
    List<String> refused = new ArrayList<>();
    for (String line : result.blocking()) {
      if (!(allowDropped && line.startsWith("state dropped"))) {
        refused.add(line);
      }
    }
    if (!refused.isEmpty()) {
      List<String> lines = new ArrayList<>(refused);
      lines.addAll(result.notes());
      throw new IllegalStateException(
          "The savepoint "
              + path
              + " does not fit the new plan; nothing was submitted.\n  "
              + String.join("\n  ", lines)
              + (refused.stream().allMatch(l -> l.startsWith("state dropped"))
                  ? "\nRun with --allow-non-restored-state to start without that state."
                  : ""));
    }
  }

  /** The savepoint's metadata, read as the JobManager would. */
  static CheckpointMetadata load(String path, ClassLoader classLoader) {
    try {
      FsCompletedCheckpointStorageLocation location =
          AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(path);
      try (DataInputStream in =
          new DataInputStream(location.getMetadataHandle().openInputStream())) {
        return Checkpoints.loadCheckpointMetadata(in, classLoader, path);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Savepoint " + path + " cannot be read: " + Diagnostic.describe(e), e);
    }
  }

  static Result compare(CheckpointMetadata savepoint, JobGraph plan) {
    Map<OperatorID, JobVertex> vertexOf = new HashMap<>();
    Map<OperatorID, String> nameOf = new HashMap<>();
    for (JobVertex vertex : plan.getVertices()) {
      for (OperatorIDPair pair : vertex.getOperatorIDs()) {
        vertexOf.put(pair.getGeneratedOperatorID(), vertex);
        nameOf.put(pair.getGeneratedOperatorID(), vertex.getName());
        pair.getUserDefinedOperatorID().ifPresent(id -> vertexOf.put(id, vertex));
      }
    }
    List<String> blocking = new ArrayList<>();
    Set<JobVertex> restored = new HashSet<>();
    for (OperatorState state : savepoint.getOperatorStates()) {
      boolean hasState =
          state.getNumberCollectedStates() > 0 || state.getCoordinatorState() != null;
      String name =
          "operator "
              + state.getOperatorName().map(n -> "'" + n + "' ").orElse("")
              + state.getOperatorUid().map(u -> "(uid " + u + ") ").orElse("")
              + state.getOperatorID();
      JobVertex vertex = vertexOf.get(state.getOperatorID());
      if (vertex == null) {
        if (hasState) {
          blocking.add(
              "state dropped: "
                  + name
                  + " has "
                  + String.format("%,d", state.getStateSize())
                  + " bytes of state and no operator of the new plan takes it");
        }
        continue;
      }
      restored.add(vertex);
      if (!hasState) {
        continue;
      }
      if (vertex.getParallelism() > state.getMaxParallelism()) {
        blocking.add(
            "parallelism "
                + vertex.getParallelism()
                + " of '"
                + vertex.getName()
                + "' is beyond the savepoint's max parallelism "
                + state.getMaxParallelism()
                + " of "
                + name);
      }
      int newMax = vertex.getMaxParallelism();
      if (newMax > 0 && newMax != state.getMaxParallelism()) {
        blocking.add(
            "max parallelism of '"
                + vertex.getName()
                + "' changed from "
                + state.getMaxParallelism()
                + " to "
                + newMax
                + ": its keyed state cannot be redistributed");
      }
    }
    List<String> notes = new ArrayList<>();
    for (JobVertex vertex : plan.getVertices()) {
      if (!restored.contains(vertex)) {
        notes.add("new: '" + vertex.getName() + "' has no state in the savepoint and starts empty");
      }
    }
    return new Result(blocking, notes);
  }
}
