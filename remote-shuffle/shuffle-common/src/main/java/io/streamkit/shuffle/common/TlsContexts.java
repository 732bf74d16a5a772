package io.streamkit.shuffle.common;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for the shuffle's connections from Java keystores (PKCS12 or JKS, told apart by the
 * file itself). Errors name the option that pointed at the file, never a password.
 */
public final class TlsContexts {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  /** A server's context: its key and certificate chain from {@code keystore}. */
  public static SslContext server(Path keystore, String password, String option)
      throws IOException {
    KeyStore store = load(keystore, password, option);
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password.toCharArray());
      return SslContextBuilder.forServer(keys)
          .sslProvider(SslProvider.JDK)
          .protocols(PROTOCOLS)
          .build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException(
          option + " (" + keystore + ") holds no usable key: " + e.getMessage(), e);
    }
  }

  /**
   * A client's context: it trusts the certificates in {@code truststore}, or the Java runtime's
   * default authorities when there is none, and checks that the server's certificate names the host
   * it connects to.
   */
  public static SslContext client(Path truststore, String password, String option)
      throws IOException {
    SslContextBuilder builder =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols(PROTOCOLS)
            .endpointIdentificationAlgorithm("HTTPS");
    if (truststore != null) {
      try {
        TrustManagerFactory trust =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore, password, option));
        builder.trustManager(trust);
      } catch (GeneralSecurityException e) {
        throw new IOException(option + " (" + truststore + "): " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  private static KeyStore load(Path file, String password, String option) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(
          option + " names " + file + ", which does not exist or is not readable");
    }
    try {
      return KeyStore.getInstance(file.toFile(), password.toCharArray());
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException(
          "cannot open "
              + file
              + " named by "
              + option
              + " (wrong password or not a keystore): "
              + e.getMessage(),
          e);
    }
  }
}
