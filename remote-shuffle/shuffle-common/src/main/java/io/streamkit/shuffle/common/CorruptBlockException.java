package io.streamkit.shuffle.common;

import java.io.IOException;

/** A block whose header or data does not match its checksum. */
public final class CorruptBlockException extends IOException {
  private final BlockHeader header;

  public CorruptBlockException(String message, BlockHeader header) {
    super(message);
    this.header = header;
  }

  /** The block's header, or null when the header itself is corrupt. */
  public BlockHeader header() {
    return header;
  }
}
