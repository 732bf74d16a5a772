package io.streamkit.shuffle.common;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
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
    LengthFieldBasedFrameDecoder frames = new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4);
    // Blocks are large: gather their reads as components instead of copying them together.
    frames.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
    pipeline.addLast(frames);
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

  /**
   * A frame whose last part is {@code data}, sent without copying it: the header is built by {@code
   * head}, the data array is wrapped.
   */
  public static ByteBuf frame(
      ByteBufAllocator alloc,
      MessageType type,
      long requestId,
      Consumer<ByteBuf> head,
      byte[] data) {
    ByteBuf header = frame(alloc, type, requestId, 128, head);
    return alloc.compositeBuffer(2).addComponents(true, header, Unpooled.wrappedBuffer(data));
  }

  public static EventLoopGroup eventLoops(String name, int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
  }
}
