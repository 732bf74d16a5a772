package io.streamkit.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormulaTest {
  private static final List<String> NAMES = Arrays.asList("sdk_log", null);

  private static boolean holds(String formula, double... values) {
    return Formula.parse(formula, NAMES).holds(values);
  }

  @Test
  void theSeedsConditionReadsAsWritten() {
    String seed = "{0} > 10000000000 or {1} > 100000";
    assertThat(holds(seed, 2e10, 0)).isTrue();
    assertThat(holds(seed, 0, 100_001)).isTrue();
    assertThat(holds(seed, 1e10, 100_000)).isFalse();
    assertThat(holds("{0} > 1e10 or {1} > 1e5", 2e10, 0)).isTrue();
  }

  @Test
  void arithmeticPrecedenceAndParentheses() {
    assertThat(Formula.parse("1 + 2 * 3", NAMES).value(new double[2])).isEqualTo(7);
    assertThat(Formula.parse("(1 + 2) * 3", NAMES).value(new double[2])).isEqualTo(9);
    assertThat(Formula.parse("-{0} + 10 % 4", NAMES).value(new double[] {3, 0})).isEqualTo(-1);
    assertThat(Formula.parse("abs({0} - {1})", NAMES).value(new double[] {3, 10})).isEqualTo(7);
  }

  @Test
  void periodOverPeriodRatiosAndNamedSeries() {
    // {1} is the same metric an hour earlier: a 50% rise.
    assertThat(holds("{sdk_log} / {1} > 1.5", 160, 100)).isTrue();
    assertThat(holds("{0} - {1} >= 60 and not {0} < 100", 160, 100)).isTrue();
    assertThat(holds("{0} / {1} > 1.5", 140, 100)).isFalse();
  }

  @Test
  void aSeriesWithoutDataNeverFiresByItself() {
    assertThat(holds("{0} > 5", Double.NaN, 0)).isFalse();
    assertThat(holds("{0} < 5", Double.NaN, 0)).isFalse();
    assertThat(holds("{0} > 5 or {1} > 5", Double.NaN, 6)).isTrue();
    assertThat(holds("not {0} > 5", Double.NaN, 0)).isTrue(); // said explicitly, it is "not firing"
  }

  @Test
  void errorsNameTheColumnAndTheFix() {
    assertThatThrownBy(() -> Formula.parse("{2} > 1", NAMES))
        .hasMessageContaining("{2} is not a series of this rule")
        .hasMessageContaining("{0} or {sdk_log}")
        .hasMessageContaining("column 1");
    assertThatThrownBy(() -> Formula.parse("{0} > ", NAMES))
        .hasMessageContaining("the formula ends where a value was expected");
    assertThatThrownBy(() -> Formula.parse("{0} > 1 1", NAMES))
        .hasMessageContaining("unexpected '1' at column 9");
    assertThatThrownBy(() -> Formula.parse("({0} > 1", NAMES)).hasMessageContaining("expected ')'");
    assertThatThrownBy(() -> Formula.parse("{0} => 1", NAMES))
        .hasMessageContaining("unexpected '=> 1' at column 5");
  }
}
