package io.streamkit.catalog;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;

/**
 * Test connector {@code 'connector' = 'capture'}: records the options it is created with, so tests
 * can see what a real connector would receive. Planning only: it reads nothing and discards what it
 * gets.
 */
public class CapturingConnectorFactory
    implements DynamicTableSourceFactory, DynamicTableSinkFactory {
  static final Map<String, Map<String, String>> OPTIONS = new ConcurrentHashMap<>();

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    OPTIONS.put(
        context.getObjectIdentifier().getObjectName(), context.getCatalogTable().getOptions());
    return new Source();
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    OPTIONS.put(
        context.getObjectIdentifier().getObjectName(), context.getCatalogTable().getOptions());
    return new Sink();
  }

  @Override
  public String factoryIdentifier() {
    return "capture";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  private static final class Source implements ScanTableSource {
    @Override
    public ChangelogMode getChangelogMode() {
      return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
      return new DataStreamScanProvider() {
        @Override
        public DataStream<RowData> produceDataStream(
            ProviderContext providerContext, StreamExecutionEnvironment env) {
          return env.fromSequence(1, 1)
              .filter(i -> false)
              .map(i -> (RowData) new GenericRowData(1))
              .returns(TypeInformation.of(RowData.class));
        }

        @Override
        public boolean isBounded() {
          return true;
        }
      };
    }

    @Override
    public DynamicTableSource copy() {
      return this;
    }

    @Override
    public String asSummaryString() {
      return "capture";
    }
  }

  private static final class Sink implements DynamicTableSink {
    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
      return requestedMode;
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
      return SinkV2Provider.of(new DiscardingSink<RowData>());
    }

    @Override
    public DynamicTableSink copy() {
      return this;
    }

    @Override
    public String asSummaryString() {
      return "capture";
    }
  }
}
