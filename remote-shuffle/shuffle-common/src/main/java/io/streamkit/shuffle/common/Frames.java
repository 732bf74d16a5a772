package io.streamkit.shuffle.common;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Consumer;

/**
 * Framing of the shuffle protocol: {@code [int length][byte type][long requestId][body]}. Answers
 * carry the request's id, so one connection carries many requests at once.
 */
public final class Frames {
  /** Blocks are at most a few MB; a frame bigger than this is a broken peer. */
  public static final int MAX_FRAME = 256 << 20;

  private Frames() {}

  public static void install(ChannelPipeline pipeline) {
    pipeline.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
    pipeline.addLast(new LengthFieldPrepender(4));
  }

  public static ByteBuf frame(
      ByteBufAllocator alloc,
      MessageType type,
      long requestId,
      int sizeHint,
      Consumer<ByteBuf> body) {
    ByteBuf buf = alloc.buffer(9 + sizeHint);
    buf.writeByte(type.code());
    buf.writeLong(requestId);
    body.accept(buf);
    return buf;
  }

  public static EventLoopGroup eventLoops(String name, int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
  }
}
