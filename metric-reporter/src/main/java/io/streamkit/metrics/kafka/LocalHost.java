package io.streamkit.metrics.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name, looked up once. */
final class LocalHost {
  static final String NAME = lookup();

  private LocalHost() {}

  private static String lookup() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
