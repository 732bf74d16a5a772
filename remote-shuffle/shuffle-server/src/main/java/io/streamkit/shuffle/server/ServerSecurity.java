package io.streamkit.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.TlsContexts;
import io.streamkit.shuffle.common.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's authentication and TLS, from {@code streamkit.shuffle.authentication.*} and {@code
 * streamkit.shuffle.ssl.*}. A connection proves an identity once ({@link ShuffleAuth}); the
 * identity is kept on the channel, and every request on it is checked against what the identity may
 * do. Refusals are counted and logged, never with a secret.
 */
final class ServerSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSecurity.class);
  private static final AttributeKey<String> IDENTITY = AttributeKey.valueOf("streamkit.identity");
  private static final AttributeKey<Challenge> CHALLENGE =
      AttributeKey.valueOf("streamkit.challenge");

  /** The secret of an application; {@code fresh} asks again where a copy is kept. */
  interface AppSecrets {
    CompletableFuture<byte[]> secretOf(String appId, boolean fresh);
  }

  private record Challenge(String identity, byte[] nonce) {}

  private final boolean authentication;
  private final byte[] clusterSecret;
  private final SslContext serverTls;
  private final SslContext clientTls;
  private final AtomicLong refused = new AtomicLong();
  private volatile AppSecrets appSecrets =
      (appId, fresh) -> CompletableFuture.completedFuture(null);

  ServerSecurity(ServerConfig config) throws IOException {
    this.authentication = config.getBoolean(ServerConfig.AUTH_ENABLED);
    String secret = config.get(ServerConfig.AUTH_SECRET);
    if (authentication && secret.length() < 16) {
      throw new IllegalArgumentException(
          ServerConfig.AUTH_SECRET
              + " must hold the cluster secret (at least 16 characters, the same on the master"
              + " and every worker) when "
              + ServerConfig.AUTH_ENABLED
              + " is true");
    }
    this.clusterSecret = authentication ? secret.getBytes(StandardCharsets.UTF_8) : null;
    if (config.getBoolean(ServerConfig.SSL_ENABLED)) {
      String keystore = config.get(ServerConfig.SSL_KEYSTORE);
      if (keystore.isEmpty()) {
        throw new IllegalArgumentException(
            ServerConfig.SSL_KEYSTORE + " must name the server's keystore when TLS is on");
      }
      this.serverTls =
          TlsContexts.server(
              Path.of(keystore),
              config.get(ServerConfig.SSL_KEYSTORE_PASSWORD),
              ServerConfig.SSL_KEYSTORE);
      String truststore = config.get(ServerConfig.SSL_TRUSTSTORE);
      this.clientTls =
          TlsContexts.client(
              truststore.isEmpty() ? null : Path.of(truststore),
              config.get(ServerConfig.SSL_TRUSTSTORE_PASSWORD),
              ServerConfig.SSL_TRUSTSTORE);
    } else {
      this.serverTls = null;
      this.clientTls = null;
    }
  }

  void appSecrets(AppSecrets secrets) {
    this.appSecrets = secrets;
  }

  boolean authentication() {
    return authentication;
  }

  /** The context for this server's own connections, or null without TLS. */
  SslContext serverTls() {
    return serverTls;
  }

  /** The context a worker uses towards the master, or null without TLS. */
  SslContext clientTls() {
    return clientTls;
  }

  /** A worker's credentials towards the master, or null without authentication. */
  ShuffleAuth.Credentials workerCredentials() {
    return authentication ? new ShuffleAuth.Credentials(ShuffleAuth.WORKER, clusterSecret) : null;
  }

  /** How many requests and handshakes were refused since the start. */
  long refused() {
    return refused.get();
  }

  static String identityOf(RpcServer.Reply reply) {
    return reply.channel().attr(IDENTITY).get();
  }

  /** Whether a request of {@code type} may go to the handler before any handshake. */
  boolean admits(MessageType type, RpcServer.Reply reply) {
    if (!authentication || type == MessageType.REGISTER_APP || identityOf(reply) != null) {
      return true;
    }
    refuse(
        reply,
        type
            + " refused: this shuffle server requires authentication; set"
            + " spark.streamkit.shuffle.authentication.enabled=true on the application");
    return false;
  }

  /**
   * Whether the connection may act for {@code appId} (its application's identity) or, when {@code
   * appId} is null, as a worker. Refuses and counts otherwise.
   */
  boolean permits(RpcServer.Reply reply, MessageType type, String appId) {
    if (!authentication) {
      return true;
    }
    String required = appId == null ? ShuffleAuth.WORKER : ShuffleAuth.app(appId);
    String identity = identityOf(reply);
    if (required.equals(identity)) {
      return true;
    }
    refuse(
        reply,
        type + " refused: the connection is authenticated as " + identity + ", not as " + required);
    return false;
  }

  void refuse(RpcServer.Reply reply, String reason) {
    long count = refused.incrementAndGet();
    LOG.warn(
        "Refused a request from {} ({} so far): {}",
        reply.channel().remoteAddress(),
        count,
        reason);
    reply.error(reason);
  }

  /** Answers AUTH_CHALLENGE and AUTH_RESPONSE. */
  void handshake(MessageType type, ByteBuf body, RpcServer.Reply reply) {
    if (!authentication) {
      reply.error(
          "authentication is off on this shuffle server: set "
              + ServerConfig.AUTH_ENABLED
              + "=true on the master and workers, or turn it off on the client");
      return;
    }
    if (type == MessageType.AUTH_CHALLENGE) {
      String identity = Wire.readString(body);
      if (!identity.equals(ShuffleAuth.WORKER) && ShuffleAuth.appOf(identity) == null) {
        refuse(reply, "unknown identity '" + identity + "'");
        return;
      }
      byte[] nonce = ShuffleAuth.randomBytes();
      reply.channel().attr(CHALLENGE).set(new Challenge(identity, nonce));
      reply.ok(nonce.length, buf -> buf.writeBytes(nonce));
      return;
    }
    Challenge challenge = reply.channel().attr(CHALLENGE).getAndSet(null);
    byte[] proof = new byte[body.readableBytes()];
    body.readBytes(proof);
    if (challenge == null) {
      refuse(reply, "authentication refused: no challenge was asked for");
      return;
    }
    String appId = ShuffleAuth.appOf(challenge.identity());
    if (appId == null) {
      finish(reply, challenge, proof, clusterSecret, null);
      return;
    }
    appSecrets
        .secretOf(appId, false)
        .thenCompose(
            secret ->
                secret != null
                        && ShuffleAuth.verify(
                            secret, challenge.identity(), challenge.nonce(), proof)
                    ? CompletableFuture.completedFuture(secret)
                    : appSecrets.secretOf(appId, true)) // a kept copy may be out of date
        .whenComplete((secret, error) -> finish(reply, challenge, proof, secret, error));
  }

  private void finish(
      RpcServer.Reply reply, Challenge challenge, byte[] proof, byte[] secret, Throwable error) {
    if (error != null) {
      refuse(
          reply,
          "cannot authenticate "
              + challenge.identity()
              + ": the master does not answer ("
              + error.getMessage()
              + ")");
    } else if (secret == null) {
      refuse(
          reply,
          "authentication as "
              + challenge.identity()
              + " refused: the application is not registered with the shuffle master");
    } else if (!ShuffleAuth.verify(secret, challenge.identity(), challenge.nonce(), proof)) {
      refuse(reply, "authentication as " + challenge.identity() + " refused: wrong secret");
    } else {
      reply.channel().attr(IDENTITY).set(challenge.identity());
      reply.ok();
    }
  }
}
