package io.streamkit.catalog.hive;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.module.Module;
import org.apache.hadoop.hive.ql.exec.FunctionInfo;
import org.apache.hadoop.hive.ql.exec.FunctionRegistry;
import org.apache.hadoop.hive.ql.parse.SemanticException;

/**
 * {@code LOAD MODULE hive}: Hive's built-in functions with Hive's semantics ({@code
 * get_json_object}, {@code parse_url}, {@code regexp_extract}, {@code from_unixtime}, ...). Where a
 * name is also Flink's, the order of {@code USE MODULES} decides. Listed are Hive's scalar, table
 * and aggregate functions with plain names ({@code collect_set}, {@code percentile_approx}, ...);
 * its operators ({@code +}, {@code =}, ...), its window functions and SQL's own aggregates ({@code
 * count}, {@code sum}, {@code avg}, {@code min}, {@code max}) are not offered.
 */
public final class HiveModule implements Module {
  private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  /**
   * SQL's own aggregates stay Flink's whatever the module order: {@code COUNT(*)}, {@code SUM}, ...
   * are part of the language, and Hive's versions add nothing to them.
   */
  private static final Set<String> SQL_AGGREGATES = Set.of("count", "sum", "avg", "min", "max");

  private final Set<String> names;

  public HiveModule() {
    Set<String> found = new TreeSet<>();
    for (String name : FunctionRegistry.getFunctionNames()) {
      if (PLAIN_NAME.matcher(name).matches()
          && !SQL_AGGREGATES.contains(name)
          && udf(name).isPresent()) {
        found.add(name);
      }
    }
    this.names = Set.copyOf(found);
  }

  @Override
  public Set<String> listFunctions() {
    return names;
  }

  @Override
  public Optional<FunctionDefinition> getFunctionDefinition(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!names.contains(lower)) {
      return Optional.empty();
    }
    ClassLoader loader = HiveModule.class.getClassLoader();
    return udf(lower).map(u -> HiveFunctions.definition(u, loader));
  }

  private static Optional<HiveUdf> udf(String name) {
    try {
      FunctionInfo info = FunctionRegistry.getFunctionInfo(name);
      return info == null || !info.isBuiltIn()
          ? Optional.empty()
          : Optional.ofNullable(HiveUdf.of(name, info));
    } catch (SemanticException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
