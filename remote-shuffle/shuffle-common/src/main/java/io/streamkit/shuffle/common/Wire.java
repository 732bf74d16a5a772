package io.streamkit.shuffle.common;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Strings on the wire: a length and UTF-8 bytes. */
public final class Wire {
  private Wire() {}

  public static void writeString(ByteBuf out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.writeBytes(bytes);
  }

  public static String readString(ByteBuf in) {
    byte[] bytes = new byte[in.readInt()];
    in.readBytes(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public static String readString(ByteBuffer in) {
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
