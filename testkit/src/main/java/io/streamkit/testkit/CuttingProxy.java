package io.streamkit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a database (or any server) that can lose a connection at an
 * exact point of the conversation: {@link #cutAfter(String, int)} arms it to cut the next
 * connections whose client sends a given text (a statement such as {@code COMMIT}). The chunk that
 * holds the text still reaches the server, followed by an orderly end of stream, so the server
 * executes it and then sees its client gone; the client never gets the reply and sees its
 * connection broken. That is a lost acknowledgement: the client cannot tell whether the statement
 * took effect.
 *
 * <p>The text is matched in the raw bytes the client sends, so it must travel as text: with
 * PostgreSQL's JDBC driver set {@code prepareThreshold=0}, otherwise a statement used often on one
 * connection is sent by name only.
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private volatile byte[] trigger;
  private final AtomicInteger remaining = new AtomicInteger();

  /** Starts a proxy on a random loopback port that forwards to {@code 127.0.0.1:targetPort}. */
  public CuttingProxy(int targetPort) {
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a proxy port on 127.0.0.1", e);
    }
    this.targetPort = targetPort;
    daemon(this::accept, "cutting-proxy-accept");
  }

  /** The port clients connect to instead of the server's. */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * Cuts each of the next {@code times} connections whose client sends {@code text}, right after
   * forwarding the chunk that holds it. Replaces an earlier arming; {@code times = 0} disarms.
   */
  public void cutAfter(String text, int times) {
    trigger = text.getBytes(StandardCharsets.UTF_8);
    remaining.set(times);
  }

  /** How many connections this proxy has cut so far. */
  public int cuts() {
    return cuts.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(target);
        Connection connection = new Connection(client, target);
        daemon(connection::clientToServer, "cutting-proxy-up");
        daemon(connection::serverToClient, "cutting-proxy-down");
      } catch (IOException e) {
        // the proxy was closed, or the server is down: the client sees its connection refused
      }
    }
  }

  private final class Connection {
    private final Socket client;
    private final Socket target;
    private volatile boolean cut;

    Connection(Socket client, Socket target) {
      this.client = client;
      this.target = target;
    }

    void clientToServer() {
      byte[] buffer = new byte[64 << 10];
      byte[] tail = new byte[0];
      try (InputStream in = client.getInputStream()) {
        OutputStream out = target.getOutputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          byte[] pattern = trigger;
          if (pattern != null) {
            byte[] window = new byte[tail.length + n];
            System.arraycopy(tail, 0, window, 0, tail.length);
            System.arraycopy(buffer, 0, window, tail.length, n);
            if (contains(window, pattern) && remaining.getAndUpdate(r -> Math.max(0, r - 1)) > 0) {
              // Set before forwarding, so that not a byte of the reply reaches the client.
              cut = true;
              out.write(buffer, 0, n);
              out.flush();
              cut();
              return;
            }
            int keep = Math.min(window.length, pattern.length - 1);
            tail = new byte[keep];
            System.arraycopy(window, window.length - keep, tail, 0, keep);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
        target.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(target);
      }
    }

    /** The server gets what was sent and then an end of stream; the client gets nothing more. */
    private void cut() throws IOException {
      cuts.incrementAndGet();
      target.shutdownOutput();
      closeQuietly(client);
    }

    void serverToClient() {
      byte[] buffer = new byte[64 << 10];
      try (InputStream in = target.getInputStream()) {
        OutputStream out = client.getOutputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (!cut) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // either side closed
      } finally {
        closeQuietly(target);
        closeQuietly(client);
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
    sockets.remove(socket);
  }

  private static void daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops accepting and closes every open connection. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }
}
