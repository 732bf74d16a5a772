package io.streamkit.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encryption at rest of secret option values, envelope style: one random AES-256 data key per
 * metadata database (every catalog, the catalog store and the job records on that database share
 * it), stored in {@code sk_data_key} only wrapped with the master key from {@code secret-key.*}
 * ({@link MasterKey}). Values are encrypted on every write ({@link #seal}) and decrypted where they
 * are read for the connector ({@link #open}); see docs/catalog.md#encryption-at-rest.
 *
 * <p>Without a master key secrets stay plain text, as before, until a data key exists: then a
 * client without the key refuses to write or read secrets rather than mix plain text in. Opening
 * with a key encrypts whatever plain-text secrets the database still holds, in one transaction.
 */
final class DataKeys {
  private static final Logger LOG = LoggerFactory.getLogger(DataKeys.class);

  /** The schema version that has {@code sk_data_key}. */
  static final int SINCE_VERSION = 8;

  static final String OPTIONS_HINT =
      "secret-key.file, secret-key.env or secret-key.keystore.path (with"
          + " secret-key.keystore.password and secret-key.keystore.alias)";

  private record Active(String keyId, SecretKey key) {}

  /** What {@link #rotate} did. */
  record Rotation(String oldKeyId, String newKeyId, int rows, int values) {}

  private final Secrets secrets;
  private final boolean hasTable;
  private volatile MasterKey master;
  private volatile Active active;

  private DataKeys(Secrets secrets, boolean hasTable, MasterKey master, Active active) {
    this.secrets = secrets;
    this.hasTable = hasTable;
    this.master = master;
    this.active = active;
  }

  /** For a schema older than {@link #SINCE_VERSION} (upgrade tests only): plain text. */
  static DataKeys none(Secrets secrets) {
    return new DataKeys(secrets, false, null, null);
  }

  /**
   * The data key of the database behind {@code store}: unwrapped with {@code master}, or created
   * and wrapped with it when there is none yet; plain-text secrets are encrypted on the way.
   * Without a master key, plain text (and {@link #checkOnOpen} says what that means).
   */
  static DataKeys open(MetadataStore store, Secrets secrets, MasterKey master) {
    if (master == null) {
      return new DataKeys(secrets, true, null, null);
    }
    DataKeys keys = new DataKeys(secrets, true, master, null);
    Optional<String[]> row = store.read("read the data key", DataKeys::row);
    if (row.isEmpty()) {
      Active created = new Active(SecretCipher.newKeyId(), SecretCipher.newDataKey());
      Optional<SealedColumns.Counts> encrypted =
          store.writeUnlessDuplicate(
              "create the data key",
              c -> {
                MetadataStore.update(
                    c,
                    "INSERT INTO sk_data_key (slot, key_id, wrapped_key, created_at)"
                        + " VALUES ('active', ?, ?, ?)",
                    created.keyId(),
                    SecretCipher.wrap(master.key(), created.keyId(), created.key()),
                    System.currentTimeMillis());
                return SealedColumns.rewrite(c, keys.encryptingWith(created));
              });
      if (encrypted.isPresent()) {
        keys.active = created;
        LOG.info(
            "Created data key {} of the catalog database, wrapped with the key from {}; encrypted"
                + " {} secret values in {} rows",
            created.keyId(),
            master.source(),
            encrypted.get().values(),
            encrypted.get().rows());
        return keys;
      }
      row = store.read("read the data key", DataKeys::row); // another client created it
    }
    keys.active = unwrap(master, row.orElseThrow()[0], row.orElseThrow()[1]);
    keys.migratePlainText(store);
    return keys;
  }

  /** Encrypts plain-text secrets left by clients without the key (or of older versions). */
  private void migratePlainText(MetadataStore store) {
    SealedColumns.Counts counts =
        store.writeOrFail(
            "encrypt plain-text secrets",
            c -> {
              Active current = lockedCurrent(c, "encrypt plain-text secrets");
              return SealedColumns.rewrite(c, encryptingWith(current));
            });
    if (counts.values() > 0) {
      LOG.info(
          "Encrypted {} plain-text secret values in {} rows of the catalog database with data"
              + " key {}",
          counts.values(),
          counts.rows(),
          active.keyId());
    }
  }

  /**
   * Called once per catalog (or catalog store) open: warns that secrets are plain text when no key
   * is configured, and refuses to go on without a key when the database encrypts its secrets.
   */
  void checkOnOpen(MetadataStore store, String who) {
    if (master != null || !hasTable) {
      if (!hasTable) {
        LOG.warn("{} stores secret option values in plain text (old metadata schema).", who);
      }
      return;
    }
    if (store.read("read the data key", DataKeys::row).isPresent()) {
      throw noKey(who + " cannot read its secrets");
    }
    LOG.warn(
        "{} stores secret option values (passwords, tokens, ...) in plain text in its metadata"
            + " database. Configure {} to encrypt them at rest (docs/catalog.md#encryption-at-rest).",
        who,
        OPTIONS_HINT);
  }

  boolean encrypting() {
    return active != null;
  }

  /** {@code values} as they are to be stored: secrets encrypted when the database has a key. */
  Map<String, String> seal(Connection c, Map<String, String> values) throws SQLException {
    if (values.entrySet().stream().noneMatch(e -> needsSealing(e.getKey(), e.getValue()))) {
      return values;
    }
    String secretKey =
        values.entrySet().stream()
            .filter(e -> needsSealing(e.getKey(), e.getValue()))
            .findFirst()
            .orElseThrow()
            .getKey();
    Active current = lockedCurrent(c, "store secret option '" + secretKey + "'");
    if (current == null) {
      return values;
    }
    Map<String, String> sealed = new TreeMap<>(values);
    sealed.replaceAll(
        (k, v) -> needsSealing(k, v) ? SecretCipher.encrypt(current.key(), current.keyId(), v) : v);
    return sealed;
  }

  /** A JSON option map as it is to be stored ({@link #seal}). */
  String sealJson(Connection c, String json) throws SQLException {
    Map<String, String> values = TableCodec.fromJson(json);
    Map<String, String> sealed = seal(c, values);
    return sealed == values ? json : TableCodec.toJson(sealed);
  }

  /** {@code values} with every encrypted value decrypted. */
  Map<String, String> open(Map<String, String> values) {
    if (values.values().stream().noneMatch(SecretCipher::isEncrypted)) {
      return values;
    }
    Map<String, String> opened = new TreeMap<>(values);
    opened.replaceAll((k, v) -> SecretCipher.isEncrypted(v) ? decrypt(k, v) : v);
    return opened;
  }

  /** A stored JSON option map with its secrets decrypted; null stays null. */
  String openJson(String json) {
    if (json == null || !json.contains(SecretCipher.PREFIX)) {
      return json;
    }
    return TableCodec.toJson(open(TableCodec.fromJson(json)));
  }

  /**
   * Generates a new data key, re-encrypts every secret with it and stores it wrapped with {@code
   * newMaster}, in one transaction. Needs this instance to have been opened with the current key; a
   * database without a data key gets its first one.
   */
  Rotation rotate(MetadataStore store, MasterKey newMaster) {
    Active old = active;
    if (old == null) {
      if (store.read("read the data key", DataKeys::row).isPresent()) {
        throw noKey("Rotating the key needs the current key");
      }
      DataKeys created = open(store, secrets, newMaster);
      adopt(created);
      return new Rotation(null, active.keyId(), -1, -1);
    }
    Active next = new Active(SecretCipher.newKeyId(), SecretCipher.newDataKey());
    SealedColumns.Counts counts =
        store.writeOrFail(
            "rotate the data key",
            c -> {
              lockedCurrent(c, "rotate the data key");
              SealedColumns.Counts rewritten =
                  SealedColumns.rewrite(
                      c,
                      (k, v) -> {
                        if (SecretCipher.isEncrypted(v)) {
                          return SecretCipher.encrypt(next.key(), next.keyId(), decrypt(k, v));
                        }
                        return needsSealing(k, v)
                            ? SecretCipher.encrypt(next.key(), next.keyId(), v)
                            : v;
                      });
              MetadataStore.update(
                  c,
                  "UPDATE sk_data_key SET key_id = ?, wrapped_key = ?, created_at = ?"
                      + " WHERE slot = 'active'",
                  next.keyId(),
                  SecretCipher.wrap(newMaster.key(), next.keyId(), next.key()),
                  System.currentTimeMillis());
              return rewritten;
            });
    master = newMaster;
    active = next;
    LOG.info(
        "Rotated the catalog database's data key {} -> {}, now wrapped with the key from {};"
            + " re-encrypted {} secret values in {} rows",
        old.keyId(),
        next.keyId(),
        newMaster.source(),
        counts.values(),
        counts.rows());
    return new Rotation(old.keyId(), next.keyId(), counts.rows(), counts.values());
  }

  private void adopt(DataKeys other) {
    master = other.master;
    active = other.active;
  }

  private boolean needsSealing(String key, String value) {
    return value != null
        && !value.isEmpty()
        && !Secrets.MASK.equals(value)
        && !SecretCipher.isEncrypted(value)
        && secrets.isSecret(key);
  }

  private SealedColumns.ValueRewrite encryptingWith(Active key) {
    return (k, v) -> needsSealing(k, v) ? SecretCipher.encrypt(key.key(), key.keyId(), v) : v;
  }

  private String decrypt(String option, String value) {
    Active current = active;
    if (current == null) {
      throw noKey("Secret option '" + option + "' cannot be decrypted");
    }
    String keyId = SecretCipher.keyIdOf(value);
    if (!keyId.equals(current.keyId())) {
      throw rotated(keyId);
    }
    try {
      return SecretCipher.decrypt(current.key(), value);
    } catch (SecretCipher.BadKeyOrDataException e) {
      throw new CatalogException(
          "Secret option '"
              + option
              + "' in the catalog database failed its integrity check (data key "
              + keyId
              + "): it was changed outside streamkit or is corrupt. Set it again, e.g. ALTER"
              + " TABLE ... SET ('"
              + option
              + "' = '...').");
    }
  }

  /**
   * The data key to encrypt with in the transaction of {@code c}, after locking its row so a
   * rotation cannot commit in between: null when the database stores secrets in plain text.
   */
  private Active lockedCurrent(Connection c, String action) throws SQLException {
    if (!hasTable) {
      return null;
    }
    Optional<String> keyId =
        MetadataStore.queryOne(
            c,
            "SELECT key_id FROM sk_data_key WHERE slot = 'active' FOR UPDATE",
            rs -> rs.getString(1));
    Active current = active;
    if (keyId.isEmpty()) {
      if (current != null) {
        throw new CatalogException(
            "The data key of the catalog database is gone (sk_data_key is empty), so "
                + action
                + " is refused: the stored secrets can no longer be decrypted.");
      }
      return null;
    }
    if (current == null) {
      throw noKey("Cannot " + action);
    }
    if (!keyId.get().equals(current.keyId())) {
      throw rotated(keyId.get());
    }
    return current;
  }

  private static Optional<String[]> row(Connection c) throws SQLException {
    return MetadataStore.queryOne(
        c,
        "SELECT key_id, wrapped_key FROM sk_data_key WHERE slot = 'active'",
        rs -> new String[] {rs.getString(1), rs.getString(2)});
  }

  private static Active unwrap(MasterKey master, String keyId, String wrapped) {
    try {
      return new Active(keyId, SecretCipher.unwrap(master.key(), keyId, wrapped));
    } catch (SecretCipher.BadKeyOrDataException e) {
      throw new CatalogException(
          "Cannot decrypt the catalog's data key (id "
              + keyId
              + ") with the key from "
              + master.source()
              + ": wrong key? Give the key this metadata database was encrypted with (after"
              + " 'streamkit catalog rotate-key', the new one).");
    }
  }

  private static CatalogException noKey(String what) {
    return new CatalogException(
        what
            + ": the catalog database stores its secrets encrypted, and no key is configured. Set "
            + OPTIONS_HINT
            + " to the key the database was encrypted with.");
  }

  private CatalogException rotated(String storedKeyId) {
    MasterKey m = master;
    return new CatalogException(
        "The catalog database's data key is now "
            + storedKeyId
            + " (rotated since this catalog was opened with the key from "
            + (m == null ? "nowhere" : m.source())
            + "). Reopen the catalog with the current key.");
  }
}
