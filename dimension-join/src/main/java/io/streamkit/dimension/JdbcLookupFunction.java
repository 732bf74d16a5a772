package io.streamkit.dimension;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;

/** Synchronous lookup: one query per key (NONE cache; under PARTIAL, per cache miss). */
// Public because Flink's planner accepts only public function classes.
public final class JdbcLookupFunction extends LookupFunction {
  private static final long serialVersionUID = 1L;

  private final JdbcDimensionTable table;

  JdbcLookupFunction(JdbcDimensionTable table) {
    this.table = table;
  }

  @Override
  public void open(FunctionContext context) {
    table.open();
  }

  @Override
  public Collection<RowData> lookup(RowData key) throws IOException {
    return table.lookup(key);
  }

  @Override
  public void close() {
    table.close();
  }
}
