package io.streamkit.shuffle.common;

/** The first byte of every frame: what the frame asks for or answers. */
public enum MessageType {
  // to the master
  HEARTBEAT,
  REQUEST_SLOTS,
  GET_SLOTS,
  UNREGISTER_SHUFFLE,
  LIST_WORKERS,
  // to a worker
  PUSH,
  MAP_END,
  CLOSE_SHUFFLE,
  // answers
  OK,
  ERROR,
  // authentication (appended so that the codes above keep their values)
  AUTH_CHALLENGE,
  AUTH_RESPONSE,
  REGISTER_APP,
  UNREGISTER_APP,
  GET_APP_SECRET;

  private static final MessageType[] VALUES = values();

  public static MessageType of(byte code) {
    if (code < 0 || code >= VALUES.length) {
      throw new IllegalArgumentException("unknown message type " + code);
    }
    return VALUES[code];
  }

  public byte code() {
    return (byte) ordinal();
  }
}
