package io.streamkit.smallfile.flink;

import io.streamkit.smallfile.OrcMerger;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.StripeInformation;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.apache.orc.impl.PhysicalFsWriter;
import org.apache.orc.impl.writer.WriterEncryptionVariant;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Bulk writers and readers of (id, name) rows in Parquet and ORC, for the compactor tests. */
final class TestFormats {
  static final MessageType PARQUET_SCHEMA =
      MessageTypeParser.parseMessageType(
          "message row { required int64 id; required binary name (UTF8); }");
  static final TypeDescription ORC_SCHEMA =
      TypeDescription.fromString("struct<id:bigint,name:string>");

  private TestFormats() {}

  static String name(long id) {
    return "name-" + id;
  }

  static BulkWriter.Factory<Long> parquet() {
    return out -> {
      ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(new StreamOutputFile(out))
              .withType(PARQUET_SCHEMA)
              .withConf(new Configuration())
              .withCompressionCodec(CompressionCodecName.GZIP)
              .build();
      SimpleGroupFactory groups = new SimpleGroupFactory(PARQUET_SCHEMA);
      return new BulkWriter<>() {
        @Override
        public void addElement(Long id) throws IOException {
          writer.write(groups.newGroup().append("id", id).append("name", name(id)));
        }

        @Override
        public void flush() {}

        @Override
        public void finish() throws IOException {
          writer.close();
        }
      };
    };
  }

  static BulkWriter.Factory<Long> orc() {
    return (FSDataOutputStream out) -> {
      OrcFile.WriterOptions options =
          OrcFile.writerOptions(new Configuration()).setSchema(ORC_SCHEMA);
      options.physicalWriter(
          new PhysicalFsWriter(
              new org.apache.hadoop.fs.FSDataOutputStream(OrcMerger.keepOpen(out), null),
              options,
              new WriterEncryptionVariant[0]));
      Writer writer = OrcFile.createWriter(new Path("unused.orc"), options);
      VectorizedRowBatch batch = ORC_SCHEMA.createRowBatch();
      return new BulkWriter<>() {
        @Override
        public void addElement(Long id) throws IOException {
          int row = batch.size++;
          ((LongColumnVector) batch.cols[0]).vector[row] = id;
          ((BytesColumnVector) batch.cols[1]).setVal(row, name(id).getBytes());
          if (batch.size == batch.getMaxSize()) {
            flush();
          }
        }

        @Override
        public void flush() throws IOException {
          if (batch.size > 0) {
            writer.addRowBatch(batch);
            batch.reset();
          }
        }

        @Override
        public void finish() throws IOException {
          flush();
          writer.close();
        }
      };
    };
  }

  /** Every (id, name) row of a Parquet or ORC file, checking that the name matches the id. */
  static List<Long> readIds(File file) throws IOException {
    List<Long> ids = new ArrayList<>();
    Configuration conf = new Configuration();
    Path path = new Path(file.toURI());
    if (file.getName().endsWith(".orc") || isOrc(file)) {
      try (Reader reader = OrcFile.createReader(path, OrcFile.readerOptions(conf));
          org.apache.orc.RecordReader rows = reader.rows()) {
        VectorizedRowBatch batch = reader.getSchema().createRowBatch();
        while (rows.nextBatch(batch)) {
          LongColumnVector id = (LongColumnVector) batch.cols[0];
          BytesColumnVector name = (BytesColumnVector) batch.cols[1];
          for (int r = 0; r < batch.size; r++) {
            check(id.vector[r], name.toString(r));
            ids.add(id.vector[r]);
          }
        }
      }
      return ids;
    }
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      for (PageReadStore group = reader.readNextRowGroup();
          group != null;
          group = reader.readNextRowGroup()) {
        RecordReader<Group> rows =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(group, new GroupRecordConverter(schema));
        for (long r = 0; r < group.getRowCount(); r++) {
          Group row = rows.read();
          check(row.getLong("id", 0), row.getString("name", 0));
          ids.add(row.getLong("id", 0));
        }
      }
    }
    return ids;
  }

  /** A Parquet row group or an ORC stripe: its rows and its bytes in the file. */
  record Block(long rows, long bytes) {}

  /** The row groups (compressed size) or stripes (length) of a Parquet or ORC file, in order. */
  static List<Block> blocks(File file) throws IOException {
    List<Block> blocks = new ArrayList<>();
    Configuration conf = new Configuration();
    Path path = new Path(file.toURI());
    if (isOrc(file)) {
      try (Reader reader = OrcFile.createReader(path, OrcFile.readerOptions(conf))) {
        for (StripeInformation stripe : reader.getStripes()) {
          blocks.add(new Block(stripe.getNumberOfRows(), stripe.getLength()));
        }
      }
      return blocks;
    }
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        blocks.add(new Block(block.getRowCount(), block.getCompressedSize()));
      }
    }
    return blocks;
  }

  private static boolean isOrc(File file) throws IOException {
    byte[] head = new byte[3];
    try (var in = new java.io.FileInputStream(file)) {
      return in.read(head) == 3 && new String(head).equals("ORC");
    }
  }

  private static void check(long id, String name) {
    if (!name(id).equals(name)) {
      throw new AssertionError("row " + id + " has name " + name);
    }
  }
}
