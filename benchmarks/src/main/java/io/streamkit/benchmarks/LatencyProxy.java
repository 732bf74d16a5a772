package io.streamkit.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that delays every chunk by a fixed time in each direction, so that a
 * database on this machine answers like one across a network link. The kernel's netem qdisc would
 * do this better; it is not available on the benchmark machine. Each direction of a connection has
 * a reader (stamps chunks as they arrive) and a writer (sends each chunk once its delay has
 * passed), so delays overlap like on a wire instead of adding up.
 */
final class LatencyProxy implements Closeable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final long delayNanos;

  private record Chunk(long dueNanos, byte[] bytes) {}

  LatencyProxy(String targetHost, int targetPort, long oneWayDelayMicros) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.delayNanos = oneWayDelayMicros * 1000;
    Thread acceptor = new Thread(this::accept, "latency-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(targetHost, targetPort);
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        pipe(client, target);
        pipe(target, client);
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("latency proxy: " + e);
        }
      }
    }
  }

  private void pipe(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    daemon(
        () -> {
          byte[] buffer = new byte[64 << 10];
          try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              queue.put(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
            }
          } catch (IOException | InterruptedException e) {
            // connection closed
          }
          queue.add(new Chunk(0, null));
        });
    daemon(
        () -> {
          try {
            while (true) {
              Chunk chunk = queue.take();
              if (chunk.bytes() == null) {
                to.shutdownOutput();
                return;
              }
              long wait;
              while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
              }
              out.write(chunk.bytes());
            }
          } catch (IOException | InterruptedException e) {
            // connection closed
          }
        });
  }

  private static void daemon(Runnable body) {
    Thread thread = new Thread(body, "latency-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
