package io.streamkit.smallfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet: row groups are copied byte for byte, without decoding, when they are big enough to be
 * worth keeping; files made of tiny row groups are re-encoded into full ones instead. The merged
 * footer keeps the inputs' key-value metadata (Spark's schema, version and calendar flags).
 */
public final class ParquetMerger implements FormatMerger {
  /** Set by the writer model; ours is added again by the re-encoding writer. */
  private static final String OBJECT_MODEL = "writer.model.name";

  private final Configuration conf;
  private final long minRowGroupBytes;
  private final long rowGroupBytes;

  /**
   * Built once per merging thread: building read options parses a fresh Hadoop configuration (XML)
   * every time, and their codec factory must not be shared between threads.
   */
  private final ThreadLocal<ParquetReadOptions> readOptions;

  public ParquetMerger(Configuration conf, long minRowGroupBytes, long rowGroupBytes) {
    this.conf = conf;
    this.minRowGroupBytes = minRowGroupBytes;
    this.rowGroupBytes = rowGroupBytes;
    this.readOptions = ThreadLocal.withInitial(() -> HadoopReadOptions.builder(conf).build());
  }

  @Override
  public String compatibilityKey(FileStatus file) throws IOException {
    return compatibilityKey(HadoopInputFile.fromStatus(file, conf));
  }

  /** Parquet files with equal keys share schema, footer metadata and codec. */
  public String compatibilityKey(InputFile file) throws IOException {
    ParquetMetadata footer = footer(file);
    FileMetaData meta = footer.getFileMetaData();
    return "parquet|"
        + meta.getSchema()
        + "|"
        + new TreeMap<>(meta.getKeyValueMetaData())
        + "|"
        + codec(footer);
  }

  @Override
  public void merge(List<FileStatus> inputs, Path output) throws IOException {
    List<InputFile> files = new ArrayList<>();
    for (FileStatus input : inputs) {
      files.add(HadoopInputFile.fromStatus(input, conf));
    }
    merge(files, HadoopOutputFile.fromPath(output, conf));
  }

  /** Writes the rows of {@code inputs}, in order, into {@code output}. */
  public void merge(List<InputFile> inputs, OutputFile output) throws IOException {
    ParquetMetadata first = footer(inputs.get(0));
    MessageType schema = first.getFileMetaData().getSchema();
    Map<String, String> keyValues = new TreeMap<>(first.getFileMetaData().getKeyValueMetaData());
    long bytes = 0;
    int rowGroups = 0;
    for (InputFile input : inputs) {
      for (BlockMetaData block : footer(input).getBlocks()) {
        bytes += block.getCompressedSize();
        rowGroups++;
      }
    }
    if (rowGroups > 0 && bytes / rowGroups >= minRowGroupBytes) {
      copyRowGroups(inputs, output, schema, keyValues);
    } else {
      reencode(inputs, output, schema, keyValues, codec(first));
    }
  }

  private void copyRowGroups(
      List<InputFile> inputs, OutputFile output, MessageType schema, Map<String, String> keyValues)
      throws IOException {
    ParquetFileWriter writer =
        new ParquetFileWriter(output, schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes, 0);
    writer.start();
    for (InputFile input : inputs) {
      writer.appendFile(input);
    }
    writer.end(keyValues);
  }

  private void reencode(
      List<InputFile> inputs,
      OutputFile output,
      MessageType schema,
      Map<String, String> keyValues,
      CompressionCodecName codec)
      throws IOException {
    keyValues.remove(OBJECT_MODEL);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(output)
            .withConf(conf)
            .withType(schema)
            .withCompressionCodec(codec)
            .withExtraMetaData(keyValues)
            .withRowGroupSize(rowGroupBytes)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .build()) {
      // Not ParquetReader: its builder parses a fresh Hadoop configuration for every file.
      MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
      for (InputFile input : inputs) {
        try (ParquetFileReader reader = open(input)) {
          for (PageReadStore rowGroup = reader.readNextRowGroup();
              rowGroup != null;
              rowGroup = reader.readNextRowGroup()) {
            RecordReader<Group> rows =
                columns.getRecordReader(rowGroup, new GroupRecordConverter(schema));
            for (long i = 0; i < rowGroup.getRowCount(); i++) {
              writer.write(rows.read());
            }
          }
        }
      }
    }
  }

  private ParquetMetadata footer(InputFile file) throws IOException {
    try (ParquetFileReader reader = open(file)) {
      return reader.getFooter();
    }
  }

  private ParquetFileReader open(InputFile file) throws IOException {
    return new ParquetFileReader(file, readOptions.get());
  }

  private static CompressionCodecName codec(ParquetMetadata footer) {
    return footer.getBlocks().isEmpty() || footer.getBlocks().get(0).getColumns().isEmpty()
        ? CompressionCodecName.UNCOMPRESSED
        : footer.getBlocks().get(0).getColumns().get(0).getCodec();
  }
}
