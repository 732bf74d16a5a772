package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.docs.OptionSpec;
import io.streamkit.docs.OptionsDoc;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void logAppenderDocListsTheAttributesAsDeclared() {
    OptionsDoc.check(
        "log-appender.md",
        LogAppenderOptions.class.getName(),
        LogAppenderOptions.all().stream()
            .map(
                o ->
                    new OptionSpec(
                        o.name(),
                        o.type().getSimpleName(),
                        o.defaultValue() == null ? null : String.valueOf(o.defaultValue()),
                        o.description()))
            .toList());
  }

  /**
   * The builder's attributes are exactly the declared ones, with the declared types, and a builder
   * nobody configured holds the declared defaults: no attribute is undocumented and no default is
   * set in the builder instead of the declaration.
   */
  @Test
  void theBuilderHasExactlyTheDeclaredAttributesStartingFromTheirDefaults() throws Exception {
    StreamkitKafkaAppender.Builder fresh = StreamkitKafkaAppender.newBuilder();
    Map<String, Class<?>> types = new LinkedHashMap<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : StreamkitKafkaAppender.Builder.class.getDeclaredFields()) {
      PluginBuilderAttribute attribute = field.getAnnotation(PluginBuilderAttribute.class);
      if (attribute == null) {
        continue;
      }
      String name = attribute.value().isEmpty() ? field.getName() : attribute.value();
      field.setAccessible(true);
      types.put(name, MethodType.methodType(field.getType()).wrap().returnType());
      values.put(name, field.get(fresh));
    }
    assertThat(types)
        .isEqualTo(
            LogAppenderOptions.all().stream()
                .collect(
                    Collectors.toMap(
                        LogAppenderOptions.Option::name, LogAppenderOptions.Option::type)));
    for (LogAppenderOptions.Option<?> option : LogAppenderOptions.all()) {
      assertThat(values.get(option.name())).as(option.name()).isEqualTo(option.defaultValue());
    }
  }
}
