package io.streamkit.jdbc;

import java.util.regex.Pattern;

/** The one rule for showing a JDBC URL in a message or a log: secrets never appear. */
public final class JdbcUrls {
  /** A parameter whose name contains one of these words, in any case, has a secret value. */
  private static final Pattern SECRET_PARAM =
      Pattern.compile("(?i)([^=;&?:/]*(?:password|pwd|secret|token|key)[^=;&?]*=)[^;&]*");

  /** {@code user:password@} in the authority, as PostgreSQL and MySQL URLs allow. */
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:?;]*):[^/@?;]*@");

  private JdbcUrls() {}

  /**
   * {@code url} with the value of every parameter named like a secret (password, pwd, secret,
   * token, key: {@code password=}, {@code PASSWORD=}, {@code sslkey=}, {@code accessToken=}) and
   * the password of a {@code user:password@} authority replaced by {@code ******}.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String withoutUserInfo = USER_INFO.matcher(url).replaceAll("//$1:******@");
    return SECRET_PARAM.matcher(withoutUserInfo).replaceAll("$1******");
  }
}
