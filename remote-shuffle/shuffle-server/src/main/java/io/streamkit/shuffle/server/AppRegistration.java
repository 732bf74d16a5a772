package io.streamkit.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.streamkit.shuffle.common.Wire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a driver registers for its application: the user its executors read files as, and the
 * application's secret. {@link #toString()} never shows the secret.
 */
record AppRegistration(String user, byte[] secret) {
  void write(ByteBuf out) {
    Wire.writeString(out, user);
    out.writeBytes(secret);
  }

  static AppRegistration read(ByteBuffer in) {
    String user = Wire.readString(in);
    byte[] secret = new byte[in.remaining()];
    in.get(secret);
    return new AppRegistration(user, secret);
  }

  byte[] toBytes() {
    byte[] name = user.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + name.length + secret.length)
        .putInt(name.length)
        .put(name)
        .put(secret)
        .array();
  }

  static AppRegistration fromBytes(byte[] bytes) {
    return read(ByteBuffer.wrap(bytes));
  }

  @Override
  public String toString() {
    return "AppRegistration[user=" + user + "]";
  }
}
