package io.streamkit.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * AES-256-GCM (12-byte random IV, 128-bit tag) for the envelope of {@link DataKeys}: secret values
 * encrypted with the data key, stored as {@code enc:v1:<key id>:<base64(iv | ciphertext | tag)>},
 * and the data key itself wrapped with the master key. The key id is authenticated with each value,
 * so a value cannot be moved under another key. Failures never carry key or ciphertext bytes.
 */
final class SecretCipher {
  /** How every encrypted value starts; anything else is plain text. */
  static final String PREFIX = "enc:v1:";

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretCipher() {}

  /** Thrown when a tag does not verify: the wrong key, or changed bytes. */
  static final class BadKeyOrDataException extends Exception {
    BadKeyOrDataException() {
      super("AES-GCM tag mismatch");
    }
  }

  static SecretKey newDataKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new SecretKeySpec(bytes, "AES");
  }

  static String newKeyId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static boolean isEncrypted(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** The key id of an encrypted value. */
  static String keyIdOf(String value) {
    int end = value.indexOf(':', PREFIX.length());
    if (end < 0) {
      throw new CatalogException(
          "A secret value in the catalog database is malformed (no key id after '"
              + PREFIX
              + "').");
    }
    return value.substring(PREFIX.length(), end);
  }

  static String encrypt(SecretKey dataKey, String keyId, String plaintext) {
    byte[] sealed = seal(dataKey, aad(PREFIX + keyId), plaintext.getBytes(StandardCharsets.UTF_8));
    return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(sealed);
  }

  static String decrypt(SecretKey dataKey, String value) throws BadKeyOrDataException {
    String keyId = keyIdOf(value);
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(value.substring(PREFIX.length() + keyId.length() + 1));
    } catch (IllegalArgumentException e) {
      throw new BadKeyOrDataException();
    }
    return new String(open(dataKey, aad(PREFIX + keyId), sealed), StandardCharsets.UTF_8);
  }

  /** The data key encrypted with the master key, bound to its key id; base64. */
  static String wrap(SecretKey masterKey, String keyId, SecretKey dataKey) {
    return Base64.getEncoder()
        .encodeToString(seal(masterKey, aad("data-key:" + keyId), dataKey.getEncoded()));
  }

  static SecretKey unwrap(SecretKey masterKey, String keyId, String wrapped)
      throws BadKeyOrDataException {
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(wrapped);
    } catch (IllegalArgumentException e) {
      throw new BadKeyOrDataException();
    }
    return new SecretKeySpec(open(masterKey, aad("data-key:" + keyId), sealed), "AES");
  }

  private static byte[] aad(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] seal(SecretKey key, byte[] aad, byte[] plaintext) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad);
      byte[] ciphertext = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(IV_BYTES + ciphertext.length).put(iv).put(ciphertext).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e, e);
    }
  }

  private static byte[] open(SecretKey key, byte[] aad, byte[] sealed)
      throws BadKeyOrDataException {
    if (sealed.length < IV_BYTES + TAG_BITS / 8) {
      throw new BadKeyOrDataException();
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new BadKeyOrDataException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e, e);
    }
  }
}
