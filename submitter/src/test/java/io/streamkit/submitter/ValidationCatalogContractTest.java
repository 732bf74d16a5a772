package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.CatalogTest;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * Flink's own catalog contract ({@link CatalogTest}) over a {@link ValidationCatalog} wrapping a
 * real catalog that holds objects of its own; after each test (and its clean-up) the real catalog
 * must hold exactly what it held before. Each subclass supplies one real catalog.
 */
abstract class ValidationCatalogContractTest extends CatalogTest {
  /** The real catalog under the overlay, and what it held when the suite started. */
  static Catalog real;

  private static Map<String, String> before;

  /** Opens {@code realCatalog}, gives it objects of its own, and puts the overlay over it. */
  static void wrap(Catalog realCatalog) throws Exception {
    real = realCatalog;
    real.open();
    seed(real);
    before = RealCatalogSnapshot.of(real);
    catalog = new ValidationCatalog(TEST_CATALOG_NAME, real);
  }

  /**
   * Only in the default database: the contract expects no other databases, and its own objects live
   * in db1 and db2.
   */
  private static void seed(Catalog real) throws Exception {
    String db = real.getDefaultDatabase();
    ResolvedSchema schema =
        ResolvedSchema.of(
            Column.physical("id", DataTypes.INT()), Column.physical("day", DataTypes.STRING()));
    Map<String, String> options = Map.of("connector", "datagen");
    real.createTable(
        new ObjectPath(db, "seeded_table"),
        new ResolvedCatalogTable(
            CatalogTable.newBuilder()
                .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                .comment("real")
                .options(options)
                .build(),
            schema),
        false);
    ObjectPath parts = new ObjectPath(db, "seeded_parts");
    real.createTable(
        parts,
        new ResolvedCatalogTable(
            CatalogTable.newBuilder()
                .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                .comment("real, partitioned")
                .partitionKeys(List.of("day"))
                .options(options)
                .build(),
            schema),
        false);
    real.createPartition(
        parts,
        new CatalogPartitionSpec(Map.of("day", "2026-12-01")),
        new CatalogPartitionImpl(Map.of("k", "v"), "real partition"),
        false);
    real.createTable(
        new ObjectPath(db, "seeded_view"),
        new ResolvedCatalogView(
            CatalogView.of(
                Schema.newBuilder().fromResolvedSchema(schema).build(),
                "real view",
                "SELECT * FROM seeded_table",
                "SELECT * FROM `" + db + "`.`seeded_table`",
                Map.of()),
            schema),
        false);
    real.createFunction(
        new ObjectPath(db, "seeded_fn"), new CatalogFunctionImpl("com.example.SeededFn"), false);
  }

  /** Runs before CatalogTest's clean-up, while the overlay holds the test's objects. */
  @AfterEach
  void realCatalogIsUnchanged() throws Exception {
    assertThat(RealCatalogSnapshot.of(real)).isEqualTo(before);
  }

  /** Runs before CatalogTest closes the catalog: the last test's clean-up changed nothing real. */
  @AfterAll
  static void realCatalogIsUnchangedAtTheEnd() throws Exception {
    assertThat(RealCatalogSnapshot.of(real)).isEqualTo(before);
  }

  // the objects the contract creates, as Flink's own CatalogTestBase makes them

  @Override
  public CatalogDatabase createDb() {
    return new CatalogDatabaseImpl(new HashMap<>(Map.of("k1", "v1")), TEST_COMMENT);
  }

  @Override
  public CatalogDatabase createAnotherDb() {
    return new CatalogDatabaseImpl(new HashMap<>(Map.of("k2", "v2")), TEST_COMMENT);
  }

  @Override
  public CatalogTable createTable() {
    return table(createSchema(), Collections.emptyList(), false);
  }

  @Override
  public CatalogTable createAnotherTable() {
    return table(createAnotherSchema(), Collections.emptyList(), false);
  }

  @Override
  public CatalogTable createStreamingTable() {
    return table(createSchema(), Collections.emptyList(), true);
  }

  @Override
  public CatalogTable createPartitionedTable() {
    return table(createSchema(), createPartitionKeys(), false);
  }

  @Override
  public CatalogTable createAnotherPartitionedTable() {
    return table(createAnotherSchema(), createPartitionKeys(), false);
  }

  private static CatalogTable table(
      ResolvedSchema schema, List<String> partitionKeys, boolean streaming) {
    return new ResolvedCatalogTable(
        CatalogTable.newBuilder()
            .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
            .comment(TEST_COMMENT)
            .partitionKeys(partitionKeys)
            .options(properties(streaming))
            .build(),
        schema);
  }

  private static Map<String, String> properties(boolean streaming) {
    Map<String, String> properties = new HashMap<>();
    properties.put(IS_STREAMING, String.valueOf(streaming));
    properties.put("connector", "COLLECTION");
    return properties;
  }

  @Override
  public CatalogView createView() {
    return view(createSchema(), t1, path1);
  }

  @Override
  public CatalogView createAnotherView() {
    return view(createAnotherSchema(), t2, path2);
  }

  private static CatalogView view(ResolvedSchema schema, String table, ObjectPath path) {
    return new ResolvedCatalogView(
        CatalogView.of(
            Schema.newBuilder().fromResolvedSchema(schema).build(),
            "This is a view of " + table,
            "select * from " + table,
            "select * from " + TEST_CATALOG_NAME + "." + path.getFullName(),
            properties(false)),
        schema);
  }

  @Override
  public CatalogModel createModel() {
    ResolvedSchema input = ResolvedSchema.of(Column.physical("f1", DataTypes.INT()));
    ResolvedSchema output = ResolvedSchema.of(Column.physical("label", DataTypes.STRING()));
    return ResolvedCatalogModel.of(
        CatalogModel.of(
            Schema.newBuilder().fromResolvedSchema(input).build(),
            Schema.newBuilder().fromResolvedSchema(output).build(),
            new HashMap<>(Map.of("provider", "openai")),
            TEST_COMMENT),
        input,
        output);
  }

  @Override
  protected CatalogFunction createFunction() {
    return new CatalogFunctionImpl("com.example.Fn");
  }

  @Override
  protected CatalogFunction createPythonFunction() {
    return new CatalogFunctionImpl("com.example.PyFn", FunctionLanguage.PYTHON);
  }

  @Override
  protected CatalogFunction createAnotherFunction() {
    return new CatalogFunctionImpl("com.example.AnotherFn", FunctionLanguage.SCALA);
  }

  @Override
  public CatalogPartition createPartition() {
    return new CatalogPartitionImpl(properties(false), TEST_COMMENT);
  }

  /** Everything a real catalog holds, as text, to compare before and after. */
  static final class RealCatalogSnapshot {
    private RealCatalogSnapshot() {}

    static Map<String, String> of(Catalog real) throws Exception {
      Map<String, String> all = new TreeMap<>();
      for (String db : real.listDatabases()) {
        CatalogDatabase database = real.getDatabase(db);
        all.put("db " + db, database.getProperties() + " " + database.getComment());
        for (String t : real.listTables(db)) {
          ObjectPath path = new ObjectPath(db, t);
          CatalogBaseTable table = real.getTable(path);
          all.put(
              "table " + path,
              table.getTableKind()
                  + " "
                  + table.getUnresolvedSchema()
                  + " "
                  + table.getOptions()
                  + " "
                  + table.getComment()
                  + " "
                  + real.getTableStatistics(path));
          if (table instanceof CatalogTable catalogTable && catalogTable.isPartitioned()) {
            for (CatalogPartitionSpec spec : real.listPartitions(path)) {
              CatalogPartition partition = real.getPartition(path, spec);
              all.put(
                  "partition " + path + " " + spec,
                  partition.getProperties() + " " + partition.getComment());
            }
          }
        }
        all.put("views " + db, String.valueOf(real.listViews(db)));
        for (String f : real.listFunctions(db)) {
          CatalogFunction function = real.getFunction(new ObjectPath(db, f));
          all.put(
              "function " + db + "." + f,
              function.getClassName() + " " + function.getFunctionLanguage());
        }
        all.put("models " + db, String.valueOf(real.listModels(db)));
      }
      return all;
    }
  }
}
