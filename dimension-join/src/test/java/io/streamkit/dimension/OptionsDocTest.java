package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.docs.FlinkOptionSpecs;
import io.streamkit.docs.OptionSpec;
import io.streamkit.docs.OptionsDoc;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  private final JdbcLookupTableFactory factory = new JdbcLookupTableFactory();

  /** Every option the connector accepts: its own and the Flink lookup options it exposes. */
  private List<OptionSpec> accepted() {
    List<ConfigOption<?>> options = new ArrayList<>(factory.requiredOptions());
    options.addAll(factory.optionalOptions());
    return FlinkOptionSpecs.ofOptions(options);
  }

  @Test
  void dimensionJoinDocListsEveryOptionTheFactoryAccepts() {
    OptionsDoc.check("dimension-join.md", JdbcLookupTableFactory.class.getName(), accepted());
  }

  @Test
  void everyDeclaredOptionIsAcceptedAndNoKeyTwice() {
    List<OptionSpec> accepted = accepted();
    assertThat(accepted)
        .containsAll(FlinkOptionSpecs.of(JdbcLookupOptions.class))
        .extracting(OptionSpec::key)
        .doesNotHaveDuplicates();
  }
}
