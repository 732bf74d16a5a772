package io.streamkit.smallfile.flink;

import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Wraps a {@link BulkWriter.Factory} so that its writer is created at the first element, not when
 * the file is opened. {@code FileSink} opens the compacted file with the sink's own writer factory
 * before the compactor writes into it, and a Parquet or ORC writer would put its header there at
 * once and its (empty) footer at the end, around the merged file. With this wrapper a writer that
 * never gets an element writes nothing. Part files are only opened for an element, so they are
 * written exactly as before.
 */
public final class LazyBulkWriterFactory<T> implements BulkWriter.Factory<T> {
  private static final long serialVersionUID = 1L;

  private final BulkWriter.Factory<T> factory;

  private LazyBulkWriterFactory(BulkWriter.Factory<T> factory) {
    this.factory = factory;
  }

  /** The factory to give {@code FileSink.forBulkFormat} when it compacts with our compactor. */
  public static <T> LazyBulkWriterFactory<T> of(BulkWriter.Factory<T> factory) {
    return new LazyBulkWriterFactory<>(factory);
  }

  @Override
  public BulkWriter<T> create(FSDataOutputStream out) {
    return new BulkWriter<>() {
      private BulkWriter<T> writer;

      @Override
      public void addElement(T element) throws IOException {
        if (writer == null) {
          writer = factory.create(out);
        }
        writer.addElement(element);
      }

      @Override
      public void flush() throws IOException {
        if (writer != null) {
          writer.flush();
        }
      }

      @Override
      public void finish() throws IOException {
        if (writer != null) {
          writer.finish();
        }
      }
    };
  }
}
