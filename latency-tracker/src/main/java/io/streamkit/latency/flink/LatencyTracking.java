package io.streamkit.latency.flink;

import java.lang.reflect.Method;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The one-line wrappers that add latency tracking to a DataStream job's sources and sinks:
 *
 * <pre>{@code
 * env.fromSource(LatencyTracking.source(kafkaSource, "ods.events"), watermarks, "events")
 *    ...
 *    .sinkTo(LatencyTracking.sink(kafkaSink, "dw.events"));
 * }</pre>
 *
 * The wrapped source or sink keeps every interface the original implements (commits, state,
 * lineage, produced type), so Flink treats it exactly as the original. By default the record
 * timestamp is the origin time: for a Kafka source the record's timestamp, which Flink's Kafka sink
 * writes back, so a chain of jobs measures from the first origin.
 */
public final class LatencyTracking {
  private LatencyTracking() {}

  public static <T, S extends SourceSplit, E> Source<T, S, E> source(
      Source<T, S, E> source, String table) {
    return source(source, table, null, LatencySettings.defaults());
  }

  /**
   * @param origin the origin time of a record, or null when it is the record timestamp
   */
  public static <T, S extends SourceSplit, E> Source<T, S, E> source(
      Source<T, S, E> source, String table, LatencyOrigin<T> origin, LatencySettings settings) {
    return Mixins.wrap(source, new SourceInterceptor<>(source, table, origin, settings));
  }

  public static <T> Sink<T> sink(Sink<T> sink, String table) {
    return sink(sink, table, null, LatencySettings.defaults());
  }

  /**
   * @param origin the origin time of a record, or null when it is the record timestamp
   */
  public static <T> Sink<T> sink(
      Sink<T> sink, String table, LatencyOrigin<T> origin, LatencySettings settings) {
    return Mixins.wrap(sink, new SinkInterceptor<>(sink, table, origin, settings));
  }

  private record SourceInterceptor<T, S extends SourceSplit, E>(
      Source<T, S, E> inner, String table, LatencyOrigin<T> origin, LatencySettings settings)
      implements Mixins.Interceptor {
    @Override
    public Object intercept(Method method, Object[] args) throws Exception {
      if (method.getName().equals("createReader") && args.length == 1) {
        SourceReaderContext context = (SourceReaderContext) args[0];
        SourceReader<T, S> reader = inner.createReader(context);
        return new TrackedSourceReader<>(
            reader, new SourceTimer<>(context.metricGroup(), table, origin, settings));
      }
      return Mixins.PASS;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private record SinkInterceptor<T>(
      Sink<T> inner, String table, LatencyOrigin<T> origin, LatencySettings settings)
      implements Mixins.Interceptor {

    // A pre-commit topology rewrites the writer's output before the committer sees it, so the
    // samples cannot ride on it: such sinks get the write stage only.
    private boolean wrapsCommittables() {
      return inner instanceof SupportsCommitter && !(inner instanceof SupportsPreCommitTopology);
    }

    @Override
    public Object intercept(Method method, Object[] args) throws Exception {
      switch (method.getName()) {
        case "createWriter":
          return writer(
              inner.createWriter((WriterInitContext) args[0]), (WriterInitContext) args[0]);
        case "restoreWriter":
          WriterInitContext context = (WriterInitContext) args[0];
          return writer(
              ((SupportsWriterState) inner).restoreWriter(context, (Collection) args[1]), context);
        case "createCommitter":
          if (!wrapsCommittables()) {
            return Mixins.PASS;
          }
          CommitterInitContext committerContext = (CommitterInitContext) args[0];
          return new TrackedCommitter<>(
              ((SupportsCommitter) inner).createCommitter(committerContext),
              committerContext.metricGroup(),
              table,
              settings);
        case "getCommittableSerializer":
          return wrapsCommittables()
              ? new TrackedCommittable.Serializer<>(
                  ((SupportsCommitter) inner).getCommittableSerializer())
              : Mixins.PASS;
        case "addPostCommitTopology":
          if (!wrapsCommittables()) {
            return Mixins.PASS;
          }
          addPostCommitTopology((DataStream) args[0]);
          return null;
        default:
          return Mixins.PASS;
      }
    }

    private SinkWriter<T> writer(SinkWriter<T> writer, WriterInitContext context) {
      // Records are visible at their write unless a committer makes them visible later.
      boolean wraps = wrapsCommittables() && writer instanceof CommittingSinkWriter;
      boolean commitsLater = inner instanceof SupportsCommitter;
      SinkTimer<T> timer =
          new SinkTimer<>(context.metricGroup(), table, origin, wraps, commitsLater, settings);
      return TrackedSinkWriter.wrap(writer, timer, wraps);
    }

    private <C> void addPostCommitTopology(
        DataStream<CommittableMessage<TrackedCommittable<C>>> committables) {
      Sink<T> sink = inner;
      SerializableSupplier<SimpleVersionedSerializer<C>> serializer =
          () -> ((SupportsCommitter<C>) sink).getCommittableSerializer();
      SingleOutputStreamOperator<CommittableMessage<C>> plain =
          committables
              .map(new UnwrapCommittables<C>())
              .returns(CommittableMessageTypeInfo.of(serializer))
              .name("latency: committables");
      if (committables.getParallelism() > 0) {
        plain.setParallelism(committables.getParallelism());
      }
      ((SupportsPostCommitTopology<C>) inner).addPostCommitTopology(plain);
    }
  }
}
