package io.streamkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:mysql://h/db?user=a&password=p1&x=1 | jdbc:mysql://h/db?user=a&password=******&x=1",
        "jdbc:h2:file:/x;PASSWORD=p2 | jdbc:h2:file:/x;PASSWORD=******",
        "jdbc:postgresql://h/db?pwd=p3 | jdbc:postgresql://h/db?pwd=******",
        "jdbc:postgresql://h/db?sslkey=/k.pem&sslpassword=p4 |"
            + " jdbc:postgresql://h/db?sslkey=******&sslpassword=******",
        "jdbc:mariadb://h/db?accessToken=t&clientSecret=s |"
            + " jdbc:mariadb://h/db?accessToken=******&clientSecret=******",
        "jdbc:mysql://user:p5@h:3306/db | jdbc:mysql://user:******@h:3306/db",
        "jdbc:postgresql://h/db?user=monkey&ssl=true | jdbc:postgresql://h/db?user=monkey&ssl=true",
        "jdbc:h2:mem:keys;DB_CLOSE_DELAY=-1 | jdbc:h2:mem:keys;DB_CLOSE_DELAY=-1",
      })
  void hidesEverySecretAndNothingElse(String url, String redacted) {
    assertThat(JdbcUrls.redact(url)).isEqualTo(redacted);
  }
}
