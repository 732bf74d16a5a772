package io.streamkit.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed certificate for TLS tests, made by the JDK's own {@code keytool}: a PKCS12 keystore
 * with the key and a truststore with the certificate only. The certificate names {@code localhost}
 * and {@code 127.0.0.1}, so clients that check host names accept it on the loopback interface.
 */
public final class KeyStores {
  /** The password of both stores. */
  public static final String PASSWORD = "streamkit-test";

  private final Path keystore;
  private final Path truststore;

  private KeyStores(Path keystore, Path truststore) {
    this.keystore = keystore;
    this.truststore = truststore;
  }

  /** Creates {@code server.p12} and {@code trust.p12} in {@code dir}. */
  public static KeyStores create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path keystore = dir.resolve("server.p12");
    Path truststore = dir.resolve("trust.p12");
    Path certificate = dir.resolve("server.crt");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "30",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD,
        "-rfc",
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "server",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        PASSWORD);
    return new KeyStores(keystore, truststore);
  }

  public Path keystore() {
    return keystore;
  }

  public Path truststore() {
    return truststore;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
