package io.streamkit.shuffle.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shuffle's challenge-response authentication. A client names who it is (a worker, or an
 * application), the server answers with a random nonce, and the client proves that it knows the
 * identity's secret with {@code HMAC-SHA256(secret, identity, nonce)}. The secret itself never
 * crosses the connection, and a recorded proof is worth nothing for the next nonce.
 */
public final class ShuffleAuth {
  /** The identity of a worker; its secret is the cluster secret. */
  public static final String WORKER = "worker";

  private static final String APP_PREFIX = "app:";
  private static final byte[] CONTEXT =
      "streamkit-shuffle-auth-v1".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ShuffleAuth() {}

  /** The identity of an application's driver and executors. */
  public static String app(String appId) {
    return APP_PREFIX + appId;
  }

  /** The application an identity stands for, or null for a worker or a malformed identity. */
  public static String appOf(String identity) {
    return identity != null && identity.startsWith(APP_PREFIX)
        ? identity.substring(APP_PREFIX.length())
        : null;
  }

  /** 32 random bytes: an application's secret, or a challenge's nonce. */
  public static byte[] randomBytes() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  public static byte[] proof(byte[] secret, String identity, byte[] nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(CONTEXT);
      mac.update((byte) 0);
      mac.update(identity.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(nonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Whether {@code given} is the right proof, compared in constant time. */
  public static boolean verify(byte[] secret, String identity, byte[] nonce, byte[] given) {
    return MessageDigest.isEqual(proof(secret, identity, nonce), given);
  }

  /** Who a client is and its secret; {@link #toString()} never shows the secret. */
  public record Credentials(String identity, byte[] secret) {
    public Credentials {
      if (secret == null || secret.length == 0) {
        throw new IllegalArgumentException("the secret of " + identity + " is empty");
      }
    }

    @Override
    public String toString() {
      return "Credentials[" + identity + "]";
    }
  }
}
