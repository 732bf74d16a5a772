package io.streamkit.submitter;

import io.streamkit.catalog.StreamkitCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamkit catalog ...}: maintenance of the streamkit catalog's metadata database
 * (docs/catalog.md#encryption-at-rest).
 */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Maintenance of the streamkit catalog's metadata database.",
    subcommands = {CatalogCommand.RotateKey.class})
final class CatalogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "rotate-key",
      mixinStandardHelpOptions = true,
      description = {
        "Encrypt the catalog's secrets at rest under a new key: a new data key re-encrypts every"
            + " secret of the metadata database and is stored wrapped with the new master key,"
            + " in one transaction. The catalog is opened with its current key"
            + " (streamkit.catalog.secret-key.*); without one, on a database that holds no"
            + " encrypted secrets yet, its plain-text secrets get encrypted under the new key.",
        "Afterwards only the new key opens the catalog: point streamkit.catalog.secret-key.* (and"
            + " every other client of the database) at it.",
        "Exit code: 0 when rotated, 1 when refused (nothing changed), 2 on bad usage."
      })
  static final class RotateKey implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Option(
        names = "--new-key-file",
        paramLabel = "FILE",
        description = "File with the new master key: base64 of 32 bytes (openssl rand -base64 32).")
    Path keyFile;

    @Option(
        names = "--new-key-env",
        paramLabel = "VAR",
        description = "Environment variable holding the new master key (base64 of 32 bytes).")
    String keyEnv;

    @Option(
        names = "--new-key-keystore",
        paramLabel = "FILE",
        description = "PKCS12 keystore holding the new master key as an AES-256 entry.")
    Path keystore;

    @Option(
        names = "--new-key-keystore-alias",
        paramLabel = "ALIAS",
        defaultValue = "streamkit",
        description = "Alias of the new key's entry in --new-key-keystore (default: streamkit).")
    String keystoreAlias;

    @Option(
        names = "--new-key-keystore-password-env",
        paramLabel = "VAR",
        description =
            "Environment variable holding the password of --new-key-keystore (unset: empty).")
    String keystorePasswordEnv;

    @Override
    public Integer call() {
      Map<String, String> newKey = newKeyOptions();
      PrintWriter out = spec.commandLine().getOut();
      Configuration conf = session.configuration();
      Catalog catalog = FunctionCommand.openCatalog(conf);
      try {
        if (!(catalog instanceof StreamkitCatalog streamkit)) {
          throw new UsageException(
              "The configured catalog is not the streamkit catalog; rotate-key has nothing to do.");
        }
        out.println(streamkit.rotateSecretKey(newKey));
        out.println(
            "Point streamkit.catalog.secret-key.* (and every other client of this metadata"
                + " database) at the new key.");
        return 0;
      } finally {
        catalog.close();
      }
    }

    /** The new key as {@code secret-key.*} options; exactly one source. */
    private Map<String, String> newKeyOptions() {
      int given = (keyFile != null ? 1 : 0) + (keyEnv != null ? 1 : 0) + (keystore != null ? 1 : 0);
      if (given != 1) {
        throw new UsageException(
            "Name the new key with exactly one of --new-key-file, --new-key-env or"
                + " --new-key-keystore.");
      }
      Map<String, String> options = new HashMap<>();
      if (keyFile != null) {
        options.put("secret-key.file", keyFile.toAbsolutePath().toString());
      } else if (keyEnv != null) {
        options.put("secret-key.env", keyEnv);
      } else {
        options.put("secret-key.keystore.path", keystore.toAbsolutePath().toString());
        options.put("secret-key.keystore.alias", keystoreAlias);
        if (keystorePasswordEnv != null) {
          String password = System.getenv(keystorePasswordEnv);
          if (password == null) {
            throw new UsageException(
                "--new-key-keystore-password-env names "
                    + keystorePasswordEnv
                    + ", which is not set.");
          }
          options.put("secret-key.keystore.password", password);
        }
      }
      return options;
    }
  }
}
