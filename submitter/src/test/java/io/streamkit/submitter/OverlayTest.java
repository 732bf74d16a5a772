package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.junit.jupiter.api.Test;

class OverlayTest {
  private final Map<String, String> real = new HashMap<>(Map.of("a", "real a", "b", "real b"));
  private final Overlay<String, String> overlay =
      new Overlay<>(key -> Optional.ofNullable(real.get(key)));

  @Test
  void untouchedKeysReadTheRealCatalog() {
    assertThat(overlay.get("a")).contains("real a");
    assertThat(overlay.exists("c")).isFalse();
    assertThat(overlay.touched("a")).isFalse();
  }

  @Test
  void putWinsOverTheRealValueAndDropHidesItWithoutWritingThrough() {
    overlay.put("a", "script a");
    overlay.drop("b");
    overlay.put("c", "script c");

    assertThat(overlay.get("a")).contains("script a");
    assertThat(overlay.exists("b")).isFalse();
    assertThat(overlay.get("c")).contains("script c");
    assertThat(real).isEqualTo(Map.of("a", "real a", "b", "real b"));

    overlay.put("b", "b again");
    assertThat(overlay.get("b")).contains("b again");
    overlay.drop("c");
    assertThat(overlay.exists("c")).isFalse();
  }

  @Test
  void keysAreTheUntouchedRealOnesThenTheScriptsInTheOrderOfItsLastChange() {
    overlay.put("z", "z");
    overlay.put("y", "y");
    overlay.drop("b");
    overlay.put("a", "changed"); // a real key the script altered moves behind the real ones
    overlay.put("z", "z again");
    overlay.put("other.x", "out of scope");

    assertThat(overlay.keys(List.of("a", "b", "c"), k -> !k.startsWith("other.")))
        .containsExactly("c", "y", "a", "z");
  }

  @Test
  void overAGetterMapsItsNotFoundExceptionToAbsentAndPassesOthersOn() {
    Overlay<String, String> over =
        Overlay.over(
            key -> {
              switch (key) {
                case "missing":
                  throw new java.io.FileNotFoundException(key);
                case "broken":
                  throw new CatalogException("database down");
                default:
                  return key.toUpperCase();
              }
            },
            java.io.FileNotFoundException.class);

    assertThat(over.get("x")).contains("X");
    assertThat(over.get("missing")).isEmpty();
    assertThatThrownBy(() -> over.get("broken"))
        .isInstanceOf(CatalogException.class)
        .hasMessage("database down");
  }
}
