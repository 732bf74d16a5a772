package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTestBase;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.ModelAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataBase;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataBinary;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataBoolean;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataDate;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataDouble;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataLong;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataString;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.catalog.stats.Date;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.Test;

/**
 * Flink's own catalog contract, {@code CatalogTest} through {@code CatalogTestBase} (the suite
 * {@code GenericInMemoryCatalog} passes), over the streamkit catalog; each subclass runs it on one
 * metadata database. The tests here add what Flink checks only for its in-memory catalog
 * (statistics of every kind, partitioned tables dropped and renamed with their statistics) and what
 * only a persistent catalog has (a second instance on the same database sees everything).
 */
abstract class FlinkCatalogContract extends CatalogTestBase {
  /** Connection options of the metadata database: url, username, password. */
  static Catalog open(Map<String, String> connection) {
    Map<String, String> options = new java.util.HashMap<>(connection);
    options.put("type", "streamkit");
    Catalog c =
        FactoryUtil.createCatalog(
            TEST_CATALOG_NAME,
            options,
            new Configuration(),
            Thread.currentThread().getContextClassLoader());
    c.open();
    return c;
  }

  /** A second catalog instance on the same metadata database. */
  protected abstract Catalog another();

  @Override
  protected boolean isGeneric() {
    return true;
  }

  @Override
  protected boolean supportsModels() {
    return true;
  }

  @Override
  protected CatalogFunction createFunction() {
    return new CatalogFunctionImpl("com.example.udf.Upper");
  }

  @Override
  protected CatalogFunction createAnotherFunction() {
    return new CatalogFunctionImpl("com.example.udf.Lower", FunctionLanguage.SCALA);
  }

  @Override
  protected CatalogFunction createPythonFunction() {
    return new CatalogFunctionImpl("example.udfs.upper", FunctionLanguage.PYTHON);
  }

  // ------------------------------------------------------------------------------------------
  // statistics, as GenericInMemoryCatalogTest checks them for Flink's in-memory catalog
  // ------------------------------------------------------------------------------------------

  @Test
  void statisticsOfEveryKindAreStoredAndReturnedExactly() throws Exception {
    catalog.createDatabase(db1, createDb(), false);
    catalog.createTable(path1, createTable(), false);
    assertThat(catalog.getTableStatistics(path1)).isEqualTo(CatalogTableStatistics.UNKNOWN);
    assertThat(catalog.getTableColumnStatistics(path1)).isEqualTo(CatalogColumnStatistics.UNKNOWN);

    CatalogTableStatistics table = new CatalogTableStatistics(5, 2, 100, 575, Map.of("k", "v"));
    catalog.alterTableStatistics(path1, table, false);
    CatalogColumnStatistics columns = columnStats();
    catalog.alterTableColumnStatistics(path1, columns, false);
    checkEquals(table, catalog.getTableStatistics(path1));
    checkEquals(columns, catalog.getTableColumnStatistics(path1));
    // what one instance stored, another reads
    checkEquals(table, another().getTableStatistics(path1));
    checkEquals(columns, another().getTableColumnStatistics(path1));

    // replaced, not added to
    CatalogTableStatistics newer = new CatalogTableStatistics(7, 3, 120, 600);
    catalog.alterTableStatistics(path1, newer, false);
    checkEquals(newer, catalog.getTableStatistics(path1));

    catalog.createTable(path3, createPartitionedTable(), false);
    CatalogPartitionSpec spec = createPartitionSpec();
    catalog.createPartition(path3, spec, createPartition(), false);
    catalog.alterPartitionStatistics(path3, spec, table, false);
    catalog.alterPartitionColumnStatistics(path3, spec, columns, false);
    checkEquals(table, catalog.getPartitionStatistics(path3, spec));
    checkEquals(columns, catalog.getPartitionColumnStatistics(path3, spec));
    assertThat(catalog.bulkGetPartitionStatistics(path3, List.of(spec))).hasSize(1);
    assertThat(catalog.getPartitionStatistics(path3, spec).getRowCount()).isEqualTo(5);

    CatalogPartitionSpec other = createAnotherPartitionSpec();
    assertThatThrownBy(() -> catalog.alterPartitionStatistics(path3, other, table, false))
        .isInstanceOf(PartitionNotExistException.class);
    catalog.alterPartitionStatistics(path3, other, table, true); // ignored

    // a dropped partition takes its statistics with it
    catalog.dropPartition(path3, spec, false);
    catalog.createPartition(path3, spec, createPartition(), false);
    assertThat(catalog.getPartitionStatistics(path3, spec))
        .isEqualTo(CatalogTableStatistics.UNKNOWN);
    assertThat(catalog.getPartitionColumnStatistics(path3, spec))
        .isEqualTo(CatalogColumnStatistics.UNKNOWN);
  }

  @Test
  void aPartitionedTableRenamedOrDroppedTakesItsPartitionsAndStatisticsAlong() throws Exception {
    catalog.createDatabase(db1, createDb(), false);
    catalog.createTable(path1, createPartitionedTable(), false);
    CatalogPartitionSpec spec = createPartitionSpec();
    catalog.createPartition(path1, spec, createPartition(), false);
    CatalogTableStatistics stats = new CatalogTableStatistics(10, 1, 1000, 2000);
    catalog.alterPartitionStatistics(path1, spec, stats, false);
    catalog.alterTableColumnStatistics(path1, columnStats(), false);

    catalog.renameTable(path1, t2, false);
    assertThat(catalog.partitionExists(path3, spec)).isTrue();
    checkEquals(stats, catalog.getPartitionStatistics(path3, spec));
    checkEquals(columnStats(), catalog.getTableColumnStatistics(path3));

    catalog.dropTable(path3, false);
    catalog.createTable(path3, createPartitionedTable(), false);
    assertThat(catalog.listPartitions(path3)).isEmpty();
    assertThat(catalog.getTableColumnStatistics(path3)).isEqualTo(CatalogColumnStatistics.UNKNOWN);
  }

  // ------------------------------------------------------------------------------------------
  // models: what a persistent catalog adds to the contract
  // ------------------------------------------------------------------------------------------

  @Test
  void modelsPersistAreRenamedAndGoWithTheirDatabase() throws Exception {
    catalog.createDatabase(db1, createDb(), false);
    catalog.createModel(modelPath1, createModel(), false);
    CatalogModel seen = another().getModel(modelPath1);
    assertThat(seen.getOptions()).isEqualTo(createModel().getOptions());
    assertThat(seen.getComment()).isEqualTo(createModel().getComment());
    assertThat(seen.getInputSchema().getColumns()).hasSize(2);
    assertThat(seen.getOutputSchema().getColumns()).hasSize(1);

    catalog.renameModel(modelPath1, m2, false);
    assertThat(catalog.listModels(db1)).containsExactly(m2);
    catalog.createModel(modelPath1, createModel(), false);
    assertThatThrownBy(() -> catalog.renameModel(modelPath1, m2, false))
        .isInstanceOf(ModelAlreadyExistException.class);

    // a model makes its database non-empty; CASCADE drops it too
    assertThatThrownBy(() -> catalog.dropDatabase(db1, false, false))
        .isInstanceOf(DatabaseNotEmptyException.class);
    catalog.dropDatabase(db1, false, true);
    catalog.createDatabase(db1, createDb(), false);
    assertThat(catalog.listModels(db1)).isEmpty();
  }

  @Test
  void secretModelOptionsAreMaskedWhenReadAndKeptWhenAltered() throws Exception {
    catalog.createDatabase(db1, createDb(), false);
    CatalogModel model =
        CatalogModel.of(
            Schema.newBuilder().column("text", DataTypes.STRING()).build(),
            Schema.newBuilder().column("label", DataTypes.STRING()).build(),
            Map.of("provider", "openai", "openai.api-key", "sk-real-secret"),
            "classifier");
    catalog.createModel(modelPath1, model, false);
    assertThat(catalog.getModel(modelPath1).getOptions())
        .containsEntry("openai.api-key", Secrets.MASK)
        .containsEntry("provider", "openai");
    // ALTER MODEL ... SET with the masked value shown keeps the stored secret
    catalog.alterModel(
        modelPath1,
        CatalogModel.of(
            model.getInputSchema(),
            model.getOutputSchema(),
            Map.of("openai.api-key", Secrets.MASK, "model", "gpt-4o"),
            null),
        false);
    assertThat(((StreamkitCatalog) catalog).storedModelOptions(modelPath1))
        .containsEntry("openai.api-key", "sk-real-secret")
        .containsEntry("model", "gpt-4o");
  }

  private static CatalogColumnStatistics columnStats() {
    Map<String, CatalogColumnStatisticsDataBase> data = new java.util.LinkedHashMap<>();
    data.put("b1", new CatalogColumnStatisticsDataBoolean(2L, 1L, 0L, Map.of("p", "q")));
    data.put("l2", new CatalogColumnStatisticsDataLong(-5L, 100L, 12L, null));
    data.put("d3", new CatalogColumnStatisticsDataDouble(0.1, Double.NaN, 7L, 1L));
    data.put("s4", new CatalogColumnStatisticsDataString(30L, 12.125, 40L, 0L));
    data.put("bin5", new CatalogColumnStatisticsDataBinary(64L, 32.5, 2L));
    data.put("date6", new CatalogColumnStatisticsDataDate(new Date(-3), new Date(20_000), 5L, 0L));
    return new CatalogColumnStatistics(data, Map.of("analyzed-by", "test"));
  }

  private void checkEquals(CatalogTableStatistics expected, CatalogTableStatistics actual) {
    assertThat(actual.getRowCount()).isEqualTo(expected.getRowCount());
    assertThat(actual.getFileCount()).isEqualTo(expected.getFileCount());
    assertThat(actual.getTotalSize()).isEqualTo(expected.getTotalSize());
    assertThat(actual.getRawDataSize()).isEqualTo(expected.getRawDataSize());
    assertThat(actual.getProperties()).isEqualTo(expected.getProperties());
  }
}
