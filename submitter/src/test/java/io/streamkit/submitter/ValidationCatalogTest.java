package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the catalog contract does not reach: a script changing objects that live in the real
 * (streamkit, on H2) catalog. Each case also checks that the real catalog is unchanged.
 */
class ValidationCatalogTest {
  private static final ObjectPath ORDERS = new ObjectPath("dw", "orders");
  private static final ObjectPath FN = new ObjectPath("dw", "fn");
  private static final CatalogPartitionSpec DAY1 = spec("2026-12-01");
  private static final CatalogPartitionSpec DAY2 = spec("2026-12-02");

  private Catalog real;
  private ValidationCatalog overlay;
  private Map<String, String> before;

  @BeforeEach
  void seed() throws Exception {
    real =
        FactoryUtil.createCatalog(
            "real",
            Map.of("type", "streamkit", "url", "jdbc:h2:mem:" + UUID.randomUUID()),
            new Configuration(),
            Thread.currentThread().getContextClassLoader());
    overlay = new ValidationCatalog("sk", real);
    overlay.open();
    real.createDatabase("dw", new CatalogDatabaseImpl(Map.of(), "real"), false);
    real.createTable(ORDERS, orders("real orders"), false);
    real.createPartition(ORDERS, DAY1, new CatalogPartitionImpl(Map.of(), "day 1"), false);
    real.createFunction(FN, new CatalogFunctionImpl("com.example.Fn"), false);
    before = ValidationCatalogContractTest.RealCatalogSnapshot.of(real);
  }

  @AfterEach
  void realCatalogIsUnchanged() throws Exception {
    assertThat(ValidationCatalogContractTest.RealCatalogSnapshot.of(real)).isEqualTo(before);
    overlay.close();
  }

  @Test
  void aRealTableDroppedAndCreatedAgainStartsWithoutItsPartitions() throws Exception {
    overlay.dropTable(ORDERS, false);
    assertThat(overlay.tableExists(ORDERS)).isFalse();
    assertThat(overlay.partitionExists(ORDERS, DAY1)).isFalse();

    overlay.createTable(ORDERS, orders("new orders"), false);

    assertThat(overlay.getTable(ORDERS).getComment()).isEqualTo("new orders");
    assertThat(overlay.listPartitions(ORDERS)).isEmpty();
  }

  @Test
  void partitionsAddedToOrDroppedFromARealTableAreSeenByLaterStatements() throws Exception {
    overlay.createPartition(ORDERS, DAY2, new CatalogPartitionImpl(Map.of(), "day 2"), false);
    assertThat(overlay.listPartitions(ORDERS)).containsExactly(DAY1, DAY2);

    overlay.dropPartition(ORDERS, DAY1, false);
    assertThat(overlay.listPartitions(ORDERS)).containsExactly(DAY2);
    assertThat(overlay.getPartition(ORDERS, DAY2).getComment()).isEqualTo("day 2");
  }

  @Test
  void alteringARealTableKeepsItsPartitionsAndRenamingMovesThem() throws Exception {
    overlay.alterTable(ORDERS, orders("altered"), false);
    assertThat(overlay.listPartitions(ORDERS)).containsExactly(DAY1);

    overlay.renameTable(ORDERS, "orders_v2", false);

    ObjectPath renamed = new ObjectPath("dw", "orders_v2");
    assertThat(overlay.tableExists(ORDERS)).isFalse();
    assertThat(overlay.getTable(renamed).getComment()).isEqualTo("altered");
    assertThat(overlay.listPartitions(renamed)).containsExactly(DAY1);
    assertThat(overlay.getPartition(renamed, DAY1).getComment()).isEqualTo("day 1");
  }

  @Test
  void aRealFunctionCanBeDroppedAndCreatedAgain() throws Exception {
    overlay.dropFunction(FN, false);
    assertThat(overlay.functionExists(FN)).isFalse();
    assertThat(overlay.listFunctions("dw")).isEmpty();

    overlay.createFunction(FN, new CatalogFunctionImpl("com.example.Fn2"), false);

    assertThat(overlay.getFunction(FN).getClassName()).isEqualTo("com.example.Fn2");
  }

  @Test
  void anAlteredFunctionIsSeenByLaterStatements() throws Exception {
    overlay.alterFunction(FN, new CatalogFunctionImpl("com.example.Fn2"), false);

    assertThat(overlay.getFunction(new ObjectPath("dw", "FN")).getClassName())
        .isEqualTo("com.example.Fn2");
  }

  @Test
  void droppingANonEmptyRealDatabaseNeedsCascadeAndTakesEverythingInIt() throws Exception {
    assertThatThrownBy(() -> overlay.dropDatabase("dw", false, false))
        .isInstanceOf(DatabaseNotEmptyException.class);

    overlay.dropDatabase("dw", false, true);
    assertThat(overlay.databaseExists("dw")).isFalse();
    assertThatThrownBy(() -> overlay.listFunctions("dw"))
        .isInstanceOf(DatabaseNotExistException.class);

    overlay.createDatabase("dw", new CatalogDatabaseImpl(Map.of(), "new"), false);
    assertThat(overlay.getDatabase("dw").getComment()).isEqualTo("new");
    assertThat(overlay.listTables("dw")).isEmpty();
    assertThat(overlay.listFunctions("dw")).isEmpty();
    assertThat(overlay.tableExists(ORDERS)).isFalse();
  }

  @Test
  void modelsAreRefusedAsTheRealCatalogRefusesThem() {
    CatalogModel model =
        CatalogModel.of(
            Schema.newBuilder().column("f", DataTypes.INT()).build(),
            Schema.newBuilder().column("label", DataTypes.STRING()).build(),
            Map.of("provider", "openai"),
            null);
    ObjectPath path = new ObjectPath("dw", "m");
    // A real catalog with only Catalog's default createModel refuses without writing.
    Catalog modeless = new ModelessCatalog(real);
    ValidationCatalog overModeless = new ValidationCatalog("sk", modeless);
    Throwable inRun = catchThrowable(() -> modeless.createModel(path, model, false));

    assertThatThrownBy(() -> overModeless.createModel(path, model, false))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(inRun.getMessage());
    assertThat(overModeless.modelExists(path)).isFalse();
  }

  @Test
  void modelsOfARealCatalogThatHasThemAreOverlaidWithoutWritingIt() throws Exception {
    CatalogModel model =
        CatalogModel.of(
            Schema.newBuilder().column("f", DataTypes.INT()).build(),
            Schema.newBuilder().column("label", DataTypes.STRING()).build(),
            Map.of("provider", "openai"),
            null);
    ObjectPath path = new ObjectPath("dw", "m");
    overlay.createModel(path, model, false);
    assertThat(overlay.modelExists(path)).isTrue();
    assertThat(overlay.listModels("dw")).containsExactly("m");
    assertThat(real.modelExists(path)).as("the real catalog is not written").isFalse();
  }

  private static CatalogTable orders(String comment) {
    ResolvedSchema schema =
        ResolvedSchema.of(
            Column.physical("id", DataTypes.INT()), Column.physical("day", DataTypes.STRING()));
    return new ResolvedCatalogTable(
        CatalogTable.newBuilder()
            .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
            .comment(comment)
            .partitionKeys(List.of("day"))
            .options(Map.of("connector", "datagen"))
            .build(),
        schema);
  }

  private static CatalogPartitionSpec spec(String day) {
    return new CatalogPartitionSpec(Map.of("day", day));
  }
}
