package io.streamkit.shuffle.common;

import io.netty.buffer.ByteBuf;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A shuffle worker as clients see it: where to push ({@code host:port}) and the file system root
 * under which it writes partition files, which readers read directly.
 */
public final class WorkerInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final String host;
  private final int port;
  private final String storageRoot;

  public WorkerInfo(String id, String host, int port, String storageRoot) {
    this.id = id;
    this.host = host;
    this.port = port;
    this.storageRoot = storageRoot;
  }

  public String id() {
    return id;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String storageRoot() {
    return storageRoot;
  }

  public String address() {
    return host + ":" + port;
  }

  public void write(ByteBuf out) {
    Wire.writeString(out, id);
    Wire.writeString(out, host);
    out.writeInt(port);
    Wire.writeString(out, storageRoot);
  }

  public static WorkerInfo read(ByteBuf in) {
    return new WorkerInfo(
        Wire.readString(in), Wire.readString(in), in.readInt(), Wire.readString(in));
  }

  public static WorkerInfo read(ByteBuffer in) {
    return new WorkerInfo(
        Wire.readString(in), Wire.readString(in), in.getInt(), Wire.readString(in));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkerInfo
        && ((WorkerInfo) o).id.equals(id)
        && ((WorkerInfo) o).host.equals(host)
        && ((WorkerInfo) o).port == port
        && ((WorkerInfo) o).storageRoot.equals(storageRoot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, host, port, storageRoot);
  }

  @Override
  public String toString() {
    return id + "@" + address();
  }
}
