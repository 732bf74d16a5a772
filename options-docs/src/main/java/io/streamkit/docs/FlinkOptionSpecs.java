package io.streamkit.docs;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads Flink {@code ConfigOption}s the way Flink's own flink-docs generator does: key, default and
 * {@code Description} through the public API, the type through the package-private {@code
 * getClazz()} and {@code isList()}. All by reflection, so this artifact carries no engine and the
 * Spark modules' tests can use it too.
 */
public final class FlinkOptionSpecs {
  private static final String CONFIG_OPTION = "org.apache.flink.configuration.ConfigOption";

  private static final long[] UNIT_NANOS = {
    86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
  };
  private static final String[] UNIT_LABELS = {"d", "h", "min", "s", "ms", "µs", "ns"};

  private FlinkOptionSpecs() {}

  /** Every static {@code ConfigOption} field of the given classes, sorted by key. */
  public static List<OptionSpec> of(Class<?>... holders) {
    List<Object> options = new ArrayList<>();
    for (Class<?> holder : holders) {
      for (Field field : holder.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())
            && field.getType().getName().equals(CONFIG_OPTION)) {
          try {
            field.setAccessible(true);
            options.add(field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
          }
        }
      }
    }
    if (options.isEmpty()) {
      throw new IllegalArgumentException(
          "no ConfigOption constants in " + Arrays.toString(holders));
    }
    return ofOptions(options);
  }

  /**
   * The given {@code ConfigOption} objects (e.g. a factory's {@code requiredOptions()} and {@code
   * optionalOptions()}, which may include Flink's own), sorted by key.
   */
  public static List<OptionSpec> ofOptions(Collection<?> configOptions) {
    return configOptions.stream()
        .map(FlinkOptionSpecs::spec)
        .sorted(Comparator.comparing(OptionSpec::key))
        .collect(Collectors.toList());
  }

  private static OptionSpec spec(Object option) {
    if (!option.getClass().getName().equals(CONFIG_OPTION)) {
      throw new IllegalArgumentException("not a ConfigOption: " + option);
    }
    Class<?> clazz = (Class<?>) call(option, "getClazz");
    boolean list = (Boolean) call(option, "isList");
    String name = clazz.isEnum() ? "Enum" : clazz.getSimpleName();
    String description = text(call(option, "description"));
    if (clazz.isEnum()) {
      description +=
          (description.isEmpty() ? "" : "<br>")
              + Arrays.stream(clazz.getEnumConstants())
                  .map(c -> "`" + ((Enum<?>) c).name() + "`")
                  .collect(Collectors.joining(", ", "Possible values: ", "."));
    }
    Object defaultValue =
        (Boolean) call(option, "hasDefaultValue") ? call(option, "defaultValue") : null;
    return new OptionSpec(
        (String) call(option, "key"),
        list ? "List<" + name + ">" : name,
        defaultValue == null ? null : value(defaultValue),
        description);
  }

  /** A default as users write it in Flink's configuration (flink-docs' stringifyDefault). */
  static String value(Object value) {
    if (value instanceof Duration d) {
      return duration(d);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof List<?> l) {
      return l.stream().map(FlinkOptionSpecs::value).collect(Collectors.joining(";"));
    }
    if (value instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .map(e -> value(e.getKey()) + ":" + value(e.getValue()))
          .collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  /** Flink's {@code TimeUtils.formatWithHighestUnit}: {@code 5 s}, {@code 30 min}, {@code 0 ms}. */
  static String duration(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0 ms";
    }
    int i = 0;
    while (nanos % UNIT_NANOS[i] != 0) {
      i++;
    }
    return nanos / UNIT_NANOS[i] + " " + UNIT_LABELS[i];
  }

  /** A {@code Description} as markdown: code style in backticks, links, line breaks. */
  private static String text(Object description) {
    StringBuilder out = new StringBuilder();
    for (Object block : (List<?>) call(description, "getBlocks")) {
      out.append(element(block));
    }
    return out.toString().trim();
  }

  private static String element(Object element) {
    switch (element.getClass().getSimpleName()) {
      case "TextElement":
        String text = format((String) call(element, "getFormat"), call(element, "getElements"));
        return ((Collection<?>) call(element, "getStyles")).isEmpty() ? text : "`" + text + "`";
      case "LinkElement":
        return "[" + call(element, "getText") + "](" + call(element, "getLink") + ")";
      case "LineBreakElement":
        return "<br>";
      case "ListElement":
        return ((List<?>) call(element, "getEntries"))
            .stream().map(e -> "<br>- " + element(e)).collect(Collectors.joining("", "", "<br>"));
      default:
        throw new IllegalArgumentException("unknown description element " + element);
    }
  }

  /** Flink's placeholder rule: only {@code %s} takes an element; any other {@code %} is text. */
  private static String format(String format, Object elements) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (Object element : (List<?>) elements) {
      int at = format.indexOf("%s", from);
      if (at < 0) {
        break;
      }
      out.append(format, from, at).append(element(element));
      from = at + 2;
    }
    return out.append(format.substring(from)).toString();
  }

  private static Object call(Object target, String name) {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Method method = c.getDeclaredMethod(name);
        method.setAccessible(true);
        return method.invoke(target);
      } catch (NoSuchMethodException e) {
        // look in the superclass
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot call " + name + "() on " + target, e);
      }
    }
    throw new IllegalStateException(
        target.getClass().getName() + " has no " + name + "(): a Flink version this reader misses");
  }
}
