package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.docs.FlinkOptionSpecs;
import io.streamkit.docs.OptionSpec;
import io.streamkit.docs.OptionsDoc;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  /** The prefix under which Flink hands a catalog store its options. */
  private static final String STORE_PREFIX =
      "table.catalog-store." + StreamkitCatalogOptions.IDENTIFIER + ".";

  @Test
  void catalogDocListsTheCatalogOptionsAsDeclared() {
    OptionsDoc.check(
        "catalog.md",
        StreamkitCatalogOptions.class.getName(),
        FlinkOptionSpecs.of(StreamkitCatalogOptions.class));
  }

  @Test
  void kafkaTablesDocListsTheKafkaDatabaseOptionsAsDeclared() {
    OptionsDoc.check(
        "kafka-tables.md",
        KafkaDatabaseOptions.class.getName(),
        FlinkOptionSpecs.of(KafkaDatabaseOptions.class));
  }

  @Test
  void theCatalogFactoryAcceptsExactlyTheDeclaredOptions() {
    StreamkitCatalogFactory factory = new StreamkitCatalogFactory();
    Set<ConfigOption<?>> accepted = new HashSet<>(factory.requiredOptions());
    accepted.addAll(factory.optionalOptions());
    assertThat(FlinkOptionSpecs.ofOptions(accepted))
        .isEqualTo(FlinkOptionSpecs.of(StreamkitCatalogOptions.class));
  }

  @Test
  void catalogDocListsTheCatalogStoreOptionsWithTheirFlinkPrefix() {
    StreamkitCatalogStoreFactory factory = new StreamkitCatalogStoreFactory();
    Set<ConfigOption<?>> accepted = new HashSet<>(factory.requiredOptions());
    accepted.addAll(factory.optionalOptions());
    List<OptionSpec> specs =
        FlinkOptionSpecs.ofOptions(accepted).stream()
            .map(
                o ->
                    new OptionSpec(
                        STORE_PREFIX + o.key(), o.type(), o.defaultValue(), o.description()))
            .toList();
    OptionsDoc.check("catalog.md", StreamkitCatalogStoreFactory.class.getName(), specs);
  }
}
