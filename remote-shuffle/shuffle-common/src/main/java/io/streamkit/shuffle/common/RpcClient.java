package io.streamkit.shuffle.common;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** One connection to a master or worker; requests are asynchronous and may overlap. */
public final class RpcClient implements Closeable {
  private static volatile EventLoopGroup shared;

  private final String address;
  private final Channel channel;
  private final Map<Long, CompletableFuture<ByteBuffer>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private RpcClient(String address, Channel channel) {
    this.address = address;
    this.channel = channel;
  }

  /** A daemon event loop group shared by every client in this JVM. */
  public static EventLoopGroup sharedEventLoops() {
    if (shared == null) {
      synchronized (RpcClient.class) {
        if (shared == null) {
          shared = Frames.eventLoops("streamkit-shuffle-client", 4);
        }
      }
    }
    return shared;
  }

  public static RpcClient connect(String host, int port, Duration timeout) throws IOException {
    return connect(host, port, timeout, null);
  }

  /**
   * Connects, over TLS when {@code tls} is given: the handshake must succeed (the server's
   * certificate trusted and naming {@code host}) before this returns.
   */
  public static RpcClient connect(String host, int port, Duration timeout, SslContext tls)
      throws IOException {
    String address = host + ":" + port;
    RpcClient[] client = new RpcClient[1];
    Bootstrap bootstrap =
        new Bootstrap()
            .group(sharedEventLoops())
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                    }
                    Frames.install(ch.pipeline());
                    ch.pipeline().addLast(new ResponseHandler(() -> client[0]));
                  }
                });
    ChannelFuture connected = bootstrap.connect(host, port).awaitUninterruptibly();
    if (!connected.isSuccess()) {
      throw new IOException(
          "cannot connect to " + address + ": " + connected.cause(), connected.cause());
    }
    client[0] = new RpcClient(address, connected.channel());
    if (tls != null) {
      SslHandler handler = connected.channel().pipeline().get(SslHandler.class);
      Future<?> handshake =
          handler.handshakeFuture().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)
              ? handler.handshakeFuture()
              : null;
      if (handshake == null || !handshake.isSuccess()) {
        connected.channel().close();
        Throwable cause = handshake == null ? null : handshake.cause();
        throw new IOException(
            "TLS handshake with "
                + address
                + (cause == null ? " timed out" : " failed: " + rootMessage(cause)),
            cause);
      }
    }
    return client[0];
  }

  /**
   * Proves who this connection is ({@link ShuffleAuth}); every later request on it is made as that
   * identity. Fails with the server's reason when the secret is wrong or the server does not
   * authenticate.
   */
  public void authenticate(ShuffleAuth.Credentials credentials, Duration timeout)
      throws IOException {
    ByteBuffer challenge =
        callAndWait(
            MessageType.AUTH_CHALLENGE,
            timeout,
            buf -> Wire.writeString(buf, credentials.identity()));
    byte[] nonce = new byte[challenge.remaining()];
    challenge.get(nonce);
    byte[] proof = ShuffleAuth.proof(credentials.secret(), credentials.identity(), nonce);
    callAndWait(MessageType.AUTH_RESPONSE, timeout, buf -> buf.writeBytes(proof));
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  public String address() {
    return address;
  }

  public boolean isActive() {
    return channel.isActive();
  }

  /** Sends a request; the future completes with the answer's body, or fails with its error. */
  public CompletableFuture<ByteBuffer> call(
      MessageType type, int sizeHint, Consumer<ByteBuf> body) {
    return send(id -> Frames.frame(channel.alloc(), type, id, sizeHint, body));
  }

  /** Sends a request ending with {@code data}, without copying the data. */
  public CompletableFuture<ByteBuffer> call(MessageType type, Consumer<ByteBuf> head, byte[] data) {
    return send(id -> Frames.frame(channel.alloc(), type, id, head, data));
  }

  private CompletableFuture<ByteBuffer> send(java.util.function.LongFunction<ByteBuf> frameOf) {
    long id = ids.incrementAndGet();
    CompletableFuture<ByteBuffer> answer = new CompletableFuture<>();
    pending.put(id, answer);
    answer.whenComplete((r, e) -> pending.remove(id));
    if (!channel.isActive()) {
      answer.completeExceptionally(new IOException("connection to " + address + " is closed"));
      return answer;
    }
    ByteBuf frame = frameOf.apply(id);
    channel
        .writeAndFlush(frame)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                answer.completeExceptionally(
                    new IOException("cannot send to " + address + ": " + f.cause(), f.cause()));
              }
            });
    return answer;
  }

  /** Sends a request and waits for its answer. */
  public ByteBuffer callAndWait(MessageType type, Duration timeout, Consumer<ByteBuf> body)
      throws IOException {
    try {
      return call(type, 64, body)
          .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException
          ? (IOException) e.getCause()
          : new IOException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(type + " to " + address + " timed out after " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + address, e);
    }
  }

  private void answer(ByteBuf frame) {
    MessageType type = MessageType.of(frame.readByte());
    CompletableFuture<ByteBuffer> answer = pending.remove(frame.readLong());
    if (answer == null) {
      return; // timed out already
    }
    byte[] body = new byte[frame.readableBytes()];
    frame.readBytes(body);
    ByteBuffer buffer = ByteBuffer.wrap(body);
    if (type == MessageType.ERROR) {
      answer.completeExceptionally(new IOException(address + ": " + Wire.readString(buffer)));
    } else {
      answer.complete(buffer);
    }
  }

  private void failAll(IOException cause) {
    for (CompletableFuture<ByteBuffer> answer : pending.values()) {
      answer.completeExceptionally(cause);
    }
  }

  @Override
  public void close() {
    channel.close();
  }

  private static final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final java.util.function.Supplier<RpcClient> client;

    ResponseHandler(java.util.function.Supplier<RpcClient> client) {
      this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      client.get().answer(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      RpcClient rpc = client.get();
      if (rpc != null) {
        rpc.failAll(new IOException("connection to " + rpc.address + " closed"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      org.slf4j.LoggerFactory.getLogger(RpcClient.class)
          .warn("Closing connection to {}", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }
}
