package io.streamkit.smallfile.flink;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} read through Flink's file systems (local, HDFS, S3 plugins...). */
final class FlinkInputFile implements InputFile {
  private final FileSystem fs;
  private final Path path;
  private final long length;

  FlinkInputFile(Path path) throws IOException {
    this.fs = path.getFileSystem();
    this.path = path;
    this.length = fs.getFileStatus(path).getLen();
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    FSDataInputStream in = fs.open(path);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return in.getPos();
      }

      @Override
      public void seek(long position) throws IOException {
        in.seek(position);
      }
    };
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
