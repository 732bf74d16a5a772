package io.streamkit.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

/**
 * The catalog's store of function jars ({@code artifacts-dir}: a local directory, or any file
 * system Flink has, e.g. {@code hdfs://}). A jar a function names is copied in under the SHA-256 of
 * its bytes, {@code <dir>/<sha256>/<file name>}, and the function keeps that location: every job on
 * every cluster then loads exactly the bytes that were registered, whatever later happens to the
 * original file. Copies are written under a temporary name and renamed, so a reader never sees a
 * half-written jar; the same bytes registered twice are stored once.
 */
final class FunctionArtifacts {
  private final Path root;

  FunctionArtifacts(String dir) {
    String expanded =
        dir.startsWith("~/") ? System.getProperty("user.home") + dir.substring(1) : dir;
    this.root = new Path(expanded);
  }

  /** {@code resources} with every jar outside the store replaced by its copy inside it. */
  List<ResourceUri> store(String function, List<ResourceUri> resources) {
    List<ResourceUri> stored = new ArrayList<>();
    for (ResourceUri r : resources) {
      if (r.getResourceType() != ResourceType.JAR || isStored(r.getUri())) {
        stored.add(r);
        continue;
      }
      try {
        stored.add(new ResourceUri(ResourceType.JAR, copy(new Path(r.getUri())).toString()));
      } catch (IOException e) {
        throw new CatalogException(
            String.format(
                "Cannot copy the jar %s of function %s into the catalog's artifact store %s: %s."
                    + " Check that the jar exists and the store ('artifacts-dir') is writable.",
                r.getUri(), function, root, e.getMessage()),
            e);
      }
    }
    return stored;
  }

  private boolean isStored(String uri) {
    String rootUri = qualified(root).toString();
    return qualified(new Path(uri)).toString().startsWith(rootUri + "/");
  }

  private static Path qualified(Path p) {
    try {
      return p.makeQualified(p.getFileSystem());
    } catch (IOException e) {
      return p;
    }
  }

  private Path copy(Path source) throws IOException {
    FileSystem target = root.getFileSystem();
    Path staging = new Path(root, ".staging-" + UUID.randomUUID());
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = source.getFileSystem().open(source);
        OutputStream out =
            new DigestOutputStream(
                target.create(staging, FileSystem.WriteMode.NO_OVERWRITE), sha256)) {
      in.transferTo(out);
    }
    Path dir = new Path(root, HexFormat.of().formatHex(sha256.digest()));
    Path stored = new Path(dir, source.getName());
    if (target.exists(stored)) {
      target.delete(staging, false);
    } else {
      target.mkdirs(dir);
      if (!target.rename(staging, stored) && !target.exists(stored)) {
        target.delete(staging, false);
        throw new IOException("could not move " + staging + " to " + stored);
      }
      target.delete(staging, false); // another writer's identical copy won the race
    }
    return qualified(stored);
  }

  /** Where the store is, for messages and docs. */
  URI location() {
    return qualified(root).toUri();
  }
}
