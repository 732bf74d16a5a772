package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;
import org.junit.jupiter.api.Test;

/** The JSON of {@code sk_function.resources}: round trips, and corrupt rows named clearly. */
class FunctionResourcesTest {
  private static final ObjectPath FUNCTION = new ObjectPath("db", "shout");

  @Test
  void everyResourceTypeRoundTripsInOrder() {
    List<ResourceUri> resources =
        List.of(
            new ResourceUri(ResourceType.JAR, "file:///opt/udfs/shout%20v2.jar"),
            new ResourceUri(ResourceType.FILE, "hdfs://nn:8020/dict/\"quoted\"\\path.txt"),
            new ResourceUri(ResourceType.ARCHIVE, "s3://bucket/env.zip?versionId=ü"));
    String json = FunctionResources.encode(resources);
    assertThat(json).startsWith("[{\"type\":\"JAR\",\"uri\":\"file:///opt/udfs/shout%20v2.jar\"}");
    assertThat(FunctionResources.decode(json, FUNCTION)).containsExactlyElementsOf(resources);
  }

  @Test
  void noResourcesIsAnEmptyArray() {
    assertThat(FunctionResources.encode(List.of())).isEqualTo("[]");
    assertThat(FunctionResources.decode("[]", FUNCTION)).isEmpty();
  }

  @Test
  void rowsWrittenBeforeTheCodecAreReadWhateverTheirKeyOrder() {
    // Earlier versions wrote Map.of(...), whose key order varies between JVM runs.
    assertThat(FunctionResources.decode("[{\"uri\":\"file:/a.jar\",\"type\":\"JAR\"}]", FUNCTION))
        .containsExactly(new ResourceUri(ResourceType.JAR, "file:/a.jar"));
  }

  @Test
  void malformedJsonIsRefusedNamingTheFunctionAndTheFix() {
    assertThatThrownBy(() -> FunctionResources.decode("[{\"type\": \"JAR\", ", FUNCTION))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("Corrupt resources of function db.shout in the catalog database")
        .hasMessageContaining("not JSON")
        .hasMessageContaining("Re-create the function");
  }

  @Test
  void jsonOfTheWrongShapeIsRefused() {
    assertThatThrownBy(() -> FunctionResources.decode("{\"type\":\"JAR\"}", FUNCTION))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("db.shout")
        .hasMessageContaining("not a JSON array");
    assertThatThrownBy(() -> FunctionResources.decode("null", FUNCTION))
        .hasMessageContaining("not a JSON array");
    assertThatThrownBy(
            () ->
                FunctionResources.decode("[{\"type\":\"JAR\",\"uri\":\"a\"}, \"b.jar\"]", FUNCTION))
        .hasMessageContaining("entry 1 is not an object with a text \"type\" and \"uri\"");
    assertThatThrownBy(() -> FunctionResources.decode("[{\"type\":\"JAR\"}]", FUNCTION))
        .hasMessageContaining("entry 0 is not an object");
    assertThatThrownBy(() -> FunctionResources.decode("[{\"type\":1,\"uri\":\"a\"}]", FUNCTION))
        .hasMessageContaining("entry 0 is not an object");
  }

  @Test
  void anUnknownTypeIsRefusedListingTheKnownOnesWithoutShowingTheUri() {
    assertThatThrownBy(
            () ->
                FunctionResources.decode(
                    "[{\"type\":\"WHEEL\",\"uri\":\"https://user:s3cret@host/x.whl\"}]", FUNCTION))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("entry 0 has the unknown type 'WHEEL' (known: [FILE, JAR, ARCHIVE])")
        .hasMessageNotContaining("s3cret");
  }
}
