package io.streamkit.latency.flink;

import io.streamkit.latency.OriginSpec;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.transformations.SinkTransformation;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.apache.flink.streaming.api.transformations.TransformationWithLineage;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataTypeQueryable;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds latency tracking to a job that is already planned, without changing its SQL or code: every
 * FLIP-27 source and Sink V2 sink among the transformations gets wrapped as {@link LatencyTracking}
 * wraps them, named by its table (the lineage dataset Flink's planner attaches, {@code
 * catalog.database.table}). The origin of each table comes from {@code
 * streamkit.latency.origin.<table>}, else {@code streamkit.latency.origin}.
 *
 * <p>Flink offers no hook between planning and the stream graph other than the transformations
 * themselves, whose source and sink fields are final; they are replaced by reflection, before Flink
 * translates them (a Flink version that renames them fails {@code TrackedPipelineTest}).
 */
public final class TrackedPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(TrackedPipeline.class);

  private TrackedPipeline() {}

  /**
   * Wraps the sources and sinks reachable from {@code roots} in place.
   *
   * @return one line per tracked source or sink, e.g. {@code source streamkit.dw.sdk_log (origin
   *     kafka-timestamp)}
   * @throws IllegalArgumentException for an origin that names no column of its table
   */
  public static List<String> track(List<Transformation<?>> roots, ReadableConfig conf) {
    LatencySettings settings = LatencySettings.from(conf);
    List<String> tracked = new ArrayList<>();
    Set<Transformation<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Transformation<?>> todo = new ArrayList<>(roots);
    while (!todo.isEmpty()) {
      Transformation<?> t = todo.remove(todo.size() - 1);
      if (!seen.add(t)) {
        continue;
      }
      todo.addAll(t.getInputs());
      if (t instanceof SourceTransformation<?, ?, ?> source) {
        tracked.add(trackSource(source, conf, settings));
      } else if (t instanceof SinkTransformation<?, ?> sink) {
        tracked.add(trackSink(sink, conf, settings));
      }
    }
    tracked.removeIf(java.util.Objects::isNull);
    return tracked;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String trackSource(
      SourceTransformation<?, ?, ?> t, ReadableConfig conf, LatencySettings settings) {
    if (Mixins.isWrapped(t.getSource())) {
      return null;
    }
    String table = table(t);
    Origin origin = origin(conf, table, dataset(t), t.getOutputType());
    Source wrapped =
        LatencyTracking.source((Source) t.getSource(), table, origin.function, settings);
    replace(SourceTransformation.class, t, "source", wrapped);
    return "source " + table + " (origin " + origin.described + ")";
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String trackSink(
      SinkTransformation<?, ?> t, ReadableConfig conf, LatencySettings settings) {
    if (Mixins.isWrapped(t.getSink())) {
      return null;
    }
    String table = table(t);
    Origin origin = origin(conf, table, dataset(t), t.getInputs().get(0).getOutputType());
    Sink wrapped = LatencyTracking.sink((Sink) t.getSink(), table, origin.function, settings);
    replace(SinkTransformation.class, t, "sink", wrapped);
    return "sink " + table + " (origin " + origin.described + ")";
  }

  private record Origin(LatencyOrigin<RowData> function, String described) {}

  /** The table's origin as the configuration sets it, checked against the rows it will see. */
  private static Origin origin(
      ReadableConfig conf, String table, LineageDataset dataset, TypeInformation<?> rows) {
    String tableKey = "streamkit.latency.origin." + table;
    Optional<String> perTable =
        conf.getOptional(ConfigOptions.key(tableKey).stringType().noDefaultValue());
    String key = perTable.isPresent() ? tableKey : LatencyTrackerOptions.ORIGIN.key();
    OriginSpec spec =
        OriginSpec.parse(key, perTable.orElseGet(() -> conf.get(LatencyTrackerOptions.ORIGIN)));
    switch (spec.kind()) {
      case RECORD_TIMESTAMP:
        return new Origin(null, spec.toString());
      case HEADER:
        return headerOrigin(key, spec, table, dataset, rowType(rows));
      default:
        break;
    }
    RowType row = withTableNames(rowType(rows), dataset);
    if (row == null) {
      throw new IllegalArgumentException(
          "'" + key + "' = '" + spec + "' names a column, but " + table + " carries no table rows");
    }
    if (!row.getFieldNames().contains(spec.name()) && tableHasColumn(dataset, spec.name())) {
      // The planner projected the column away: the query does not read it.
      LOG.warn(
          "{} = '{}': the job does not read column {} of {}; its records are timed from their"
              + " record timestamp instead.",
          key,
          spec,
          spec.name(),
          table);
      return new Origin(
          null, OriginSpec.RECORD_TIMESTAMP + ", as the job does not read " + spec.name());
    }
    return new Origin(RowFieldOrigin.of(row, spec.name(), key, table), spec.toString());
  }

  /**
   * A header origin reads the table's Kafka headers metadata column ({@code MAP<STRING, BYTES>
   * METADATA FROM 'headers'}), which the rows carry when the query reads or writes it.
   */
  private static Origin headerOrigin(
      String key, OriginSpec spec, String table, LineageDataset dataset, RowType row) {
    if (row != null && RowHeaderOrigin.headersColumn(row) >= 0) {
      return new Origin(RowHeaderOrigin.of(row, spec.name()), spec.toString());
    }
    if (tableHasHeadersColumn(dataset)) {
      LOG.warn(
          "{} = '{}': the job does not read the headers column of {}; its records are timed from"
              + " their record timestamp instead. Select the headers column in the query.",
          key,
          spec,
          table);
      return new Origin(
          null, OriginSpec.RECORD_TIMESTAMP + ", as the job does not read the headers column");
    }
    throw new IllegalArgumentException(
        "'"
            + key
            + "' = '"
            + spec
            + "', but "
            + table
            + " has no Kafka headers column. Declare one in the table,"
            + " `headers MAP<STRING, BYTES> METADATA`, and select it in the query (copy it into"
            + " the sink's headers to carry the origin to the next job), or use 'field:<column>'"
            + " or 'kafka-timestamp'.");
  }

  // A sink receives the query's rows (columns like EXPR$1) in the order of the table's columns:
  // named as the table names them, an origin column is found by the name users know.
  private static RowType withTableNames(RowType row, LineageDataset dataset) {
    List<String> names = tableColumns(dataset);
    if (row == null || names.size() != row.getFieldCount()) {
      return row;
    }
    List<RowType.RowField> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      fields.add(new RowType.RowField(names.get(i), row.getTypeAt(i)));
    }
    return new RowType(row.isNullable(), fields);
  }

  private static RowType rowType(TypeInformation<?> type) {
    if (type instanceof DataTypeQueryable queryable) {
      LogicalType logical = queryable.getDataType().getLogicalType();
      return logical instanceof RowType row ? row : null;
    }
    return null;
  }

  /** The table name of a planned source or sink, else its transformation's name. */
  private static String table(TransformationWithLineage<?> t) {
    LineageDataset dataset = dataset(t);
    return dataset != null ? dataset.name() : t.getName();
  }

  private static LineageDataset dataset(TransformationWithLineage<?> t) {
    LineageVertex vertex = t.getLineageVertex();
    return vertex == null || vertex.datasets().isEmpty() ? null : vertex.datasets().get(0);
  }

  // The planner's dataset (TableLineageDataset, inside the planner's own class loader) exposes
  // the catalog table; its schema tells a column the query projected away from a wrong name.
  private static boolean tableHasColumn(LineageDataset dataset, String column) {
    return tableColumns(dataset).contains(column);
  }

  private static boolean tableHasHeadersColumn(LineageDataset dataset) {
    CatalogBaseTable table = catalogTable(dataset);
    return table != null
        && table.getUnresolvedSchema().getColumns().stream()
            .anyMatch(
                c ->
                    c instanceof org.apache.flink.table.api.Schema.UnresolvedMetadataColumn m
                        && "headers"
                            .equals(m.getMetadataKey() == null ? m.getName() : m.getMetadataKey()));
  }

  private static CatalogBaseTable catalogTable(LineageDataset dataset) {
    if (dataset == null) {
      return null;
    }
    try {
      Object table = dataset.getClass().getMethod("table").invoke(dataset);
      return table instanceof CatalogBaseTable catalogTable ? catalogTable : null;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static List<String> tableColumns(LineageDataset dataset) {
    CatalogBaseTable table = catalogTable(dataset);
    return table == null
        ? List.of()
        : table.getUnresolvedSchema().getColumns().stream()
            .filter(c -> c instanceof org.apache.flink.table.api.Schema.UnresolvedPhysicalColumn)
            .map(org.apache.flink.table.api.Schema.UnresolvedColumn::getName)
            .toList();
  }

  private static void replace(Class<?> owner, Object target, String field, Object value) {
    try {
      Field f = owner.getDeclaredField(field);
      f.setAccessible(true);
      f.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "This Flink version's " + owner.getSimpleName() + " has no field '" + field + "'", e);
    }
  }
}
