package io.streamkit.catalog;

import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.expressions.ExpressionVisitor;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.SqlFactory;
import org.apache.flink.table.types.DataType;

/**
 * A watermark expression as SQL text, for the topic tables the catalog writes itself (inferred and
 * registered schemas): Flink stores a table's watermark as its SQL string and parses it again when
 * the table is read, and a catalog has no planner to resolve the expression with.
 */
final class SqlWatermark implements ResolvedExpression {
  private final String sql;

  /** {@code `column` - INTERVAL 'n' SECOND}. */
  SqlWatermark(String column, String interval) {
    this.sql = "`" + column.replace("`", "``") + "` - " + interval;
  }

  @Override
  public DataType getOutputDataType() {
    return DataTypes.TIMESTAMP_LTZ(3);
  }

  @Override
  public List<ResolvedExpression> getResolvedChildren() {
    return List.of();
  }

  @Override
  public String asSerializableString(SqlFactory sqlFactory) {
    return sql;
  }

  @Override
  public String asSummaryString() {
    return sql;
  }

  @Override
  public List<Expression> getChildren() {
    return List.of();
  }

  @Override
  public <R> R accept(ExpressionVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
