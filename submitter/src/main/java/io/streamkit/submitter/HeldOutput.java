package io.streamkit.submitter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;

/**
 * A command's output held back until it is known to stand: {@link #release} passes what was held,
 * and everything after it, to the real writer; {@link #discard} forgets what was held.
 */
final class HeldOutput extends Writer {
  private final PrintWriter target;
  private final StringWriter held = new StringWriter();
  private boolean holding = true;

  HeldOutput(PrintWriter target) {
    this.target = target;
  }

  PrintWriter writer() {
    return new PrintWriter(this, true);
  }

  synchronized void release() {
    if (holding) {
      holding = false;
      target.print(held);
      target.flush();
    }
  }

  synchronized void discard() {
    held.getBuffer().setLength(0);
  }

  @Override
  public synchronized void write(char[] chars, int off, int len) {
    if (holding) {
      held.write(chars, off, len);
    } else {
      target.write(chars, off, len);
    }
  }

  @Override
  public synchronized void flush() {
    if (!holding) {
      target.flush();
    }
  }

  @Override
  public void close() {
    flush();
  }
}
