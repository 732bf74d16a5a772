package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.junit.jupiter.api.Test;

/**
 * The decoded-object cache, with a scripted database: which version it asks for, when it decodes,
 * what it forgets, and that secrets are masked in what it shows and kept in what it stores.
 */
class ObjectCacheTest {
  private static final ObjectPath ORDERS = new ObjectPath("db", "orders");

  private final ObjectCache cache = new ObjectCache(100, new Secrets(List.of("signature")));

  /** The versions the cache asked the database about, in order. */
  private final List<Long> asked = new ArrayList<>();

  private static String definition(String password) {
    CatalogTable table =
        CatalogTable.newBuilder()
            .schema(Schema.newBuilder().column("id", DataTypes.BIGINT()).build())
            .options(
                Map.of(
                    "connector", "capture",
                    "password", password,
                    "url.signature", "sig-1",
                    "user", "bob"))
            .build();
    return TableCodec.encode(
        new ResolvedCatalogTable(
            table, ResolvedSchema.of(Column.physical("id", DataTypes.BIGINT()))));
  }

  /** Loads through a database whose row is at {@code version} with {@code definition}. */
  private Optional<ObjectCache.Entry> load(ObjectPath path, long version, String definition)
      throws Exception {
    return cache.load(
        path,
        cachedVersion -> {
          asked.add(cachedVersion);
          return Optional.of(
              new MetadataSql.ObjectRow(
                  version,
                  TableCodec.KIND_TABLE,
                  cachedVersion == version ? null : definition,
                  version * 1_000));
        });
  }

  @Test
  void showsSecretsMaskedAndKeepsThemForTheConnector() throws Exception {
    ObjectCache.Entry entry = load(ORDERS, 1, definition("s3cret")).orElseThrow();
    assertThat(entry.shown().getOptions())
        .containsEntry("password", Secrets.MASK)
        .containsEntry("url.signature", Secrets.MASK)
        .containsEntry("user", "bob")
        .doesNotContainValue("s3cret");
    assertThat(entry.table().getOptions())
        .containsEntry("password", "s3cret")
        .containsEntry("url.signature", "sig-1");
    assertThat(entry.version()).isEqualTo(1);
    assertThat(entry.kind()).isEqualTo(TableCodec.KIND_TABLE);
  }

  @Test
  void anUnchangedVersionIsServedFromTheCacheWithoutItsDefinition() throws Exception {
    ObjectCache.Entry first = load(ORDERS, 1, definition("pw")).orElseThrow();
    // The database sends no definition for the version the cache holds.
    ObjectCache.Entry second = load(ORDERS, 1, null).orElseThrow();
    assertThat(second).isSameAs(first);
    assertThat(asked).containsExactly(-1L, 1L);
  }

  @Test
  void aNewerVersionReplacesTheCachedOne() throws Exception {
    load(ORDERS, 1, definition("old"));
    ObjectCache.Entry newer = load(ORDERS, 2, definition("new")).orElseThrow();
    assertThat(newer.version()).isEqualTo(2);
    assertThat(newer.table().getOptions()).containsEntry("password", "new");
    assertThat(load(ORDERS, 2, null).orElseThrow()).isSameAs(newer);
    assertThat(asked).containsExactly(-1L, 1L, 2L);
  }

  @Test
  void invalidatedObjectsAreReadWhole() throws Exception {
    load(ORDERS, 1, definition("pw"));
    cache.invalidate(ORDERS);
    assertThat(load(ORDERS, 1, definition("pw"))).isPresent();
    assertThat(asked).containsExactly(-1L, -1L);
  }

  @Test
  void droppingADatabaseForgetsOnlyItsObjects() throws Exception {
    ObjectPath sameDb = new ObjectPath("db", "lines");
    ObjectPath otherDb = new ObjectPath("db2", "orders");
    for (ObjectPath path : List.of(ORDERS, sameDb, otherDb)) {
      load(path, 1, definition("pw"));
    }
    asked.clear();
    cache.invalidateDatabase("db");
    for (ObjectPath path : List.of(ORDERS, sameDb, otherDb)) {
      load(path, 1, definition("pw"));
    }
    assertThat(asked).containsExactly(-1L, -1L, 1L);
  }

  @Test
  void aMissingObjectIsEmptyAndNotCached() throws Exception {
    assertThat(cache.load(ORDERS, v -> Optional.empty())).isEmpty();
    load(ORDERS, 1, definition("pw"));
    assertThat(asked).containsExactly(-1L);
  }
}
