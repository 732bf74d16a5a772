package io.streamkit.shuffle.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.streamkit.shuffle.common.Frames;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.Wire;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Netty server that hands each request frame to a {@link Handler}. */
final class RpcServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

  interface Handler {
    /** Handles one request; {@code body} is valid until this returns unless retained. */
    void handle(MessageType type, ByteBuf body, Reply reply) throws Exception;
  }

  /** The answer to one request; may be sent from any thread. */
  static final class Reply {
    private final Channel channel;
    private final long requestId;

    Reply(Channel channel, long requestId) {
      this.channel = channel;
      this.requestId = requestId;
    }

    Channel channel() {
      return channel;
    }

    void ok() {
      ok(0, buf -> {});
    }

    void ok(int sizeHint, Consumer<ByteBuf> body) {
      channel.writeAndFlush(
          Frames.frame(channel.alloc(), MessageType.OK, requestId, sizeHint, body));
    }

    void error(String message) {
      channel.writeAndFlush(
          Frames.frame(
              channel.alloc(),
              MessageType.ERROR,
              requestId,
              message.length() + 4,
              buf -> Wire.writeString(buf, message)));
    }
  }

  private final String name;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel server;

  RpcServer(
      String name, String bindHost, int port, int threads, ServerSecurity security, Handler handler)
      throws IOException {
    this.name = name;
    this.boss = Frames.eventLoops(name + "-accept", 1);
    this.workers = Frames.eventLoops(name + "-io", threads);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    if (security.serverTls() != null) {
                      ch.pipeline().addLast(security.serverTls().newHandler(ch.alloc()));
                    }
                    Frames.install(ch.pipeline());
                    ch.pipeline().addLast(new RequestHandler(security, handler));
                  }
                });
    try {
      server = bootstrap.bind(bindHost, port).sync().channel();
    } catch (Exception e) {
      close();
      throw new IOException(name + " cannot listen on " + bindHost + ":" + port + ": " + e, e);
    }
    channels.add(server);
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    channels.close().awaitUninterruptibly();
    boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private final class RequestHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final ServerSecurity security;
    private final Handler handler;

    RequestHandler(ServerSecurity security, Handler handler) {
      this.security = security;
      this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      MessageType type = MessageType.of(frame.readByte());
      Reply reply = new Reply(ctx.channel(), frame.readLong());
      try {
        if (type == MessageType.AUTH_CHALLENGE || type == MessageType.AUTH_RESPONSE) {
          security.handshake(type, frame, reply);
        } else if (security.admits(type, reply)) {
          handler.handle(type, frame, reply);
        }
      } catch (Exception e) {
        LOG.warn("{}: {} failed", name, type, e);
        reply.error(type + " failed: " + e.getMessage());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("{}: closing connection from {}", name, ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }
}
