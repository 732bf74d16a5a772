package io.streamkit.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Alert rules in the metadata database ({@code sk_alert_rule}): what {@code streamkit alert apply}
 * stored, by rule name. The running alert job reads rules from its rules topic, not from here; this
 * is the record of what was applied, for {@code alert list} and for re-publishing.
 */
public final class AlertRuleStore implements AutoCloseable {
  /** One stored rule. */
  public record StoredRule(
      String name, String definition, String source, boolean enabled, long updatedAt) {}

  private final MetadataStore store;

  private AlertRuleStore(MetadataStore store) {
    this.store = store;
  }

  /** Connects to the metadata database the catalog options describe, migrating its schema. */
  public static AlertRuleStore open(ReadableConfig catalogOptions, ClassLoader classLoader) {
    return new AlertRuleStore(
        MetadataStore.open(StreamkitCatalogFactory.jdbcSettings(catalogOptions), classLoader));
  }

  /** Inserts or replaces these rules, all or none. */
  public void put(List<StoredRule> rules) throws SQLException {
    store.write(
        "store " + rules.size() + " alert rule(s)",
        c -> {
          try (PreparedStatement delete =
                  c.prepareStatement("DELETE FROM sk_alert_rule WHERE name = ?");
              PreparedStatement insert =
                  c.prepareStatement(
                      "INSERT INTO sk_alert_rule (name, definition, source, enabled, updated_at)"
                          + " VALUES (?, ?, ?, ?, ?)")) {
            for (StoredRule r : rules) {
              delete.setString(1, r.name());
              delete.executeUpdate();
              insert.setString(1, r.name());
              insert.setString(2, r.definition());
              insert.setString(3, r.source());
              insert.setBoolean(4, r.enabled());
              insert.setLong(5, r.updatedAt());
              insert.executeUpdate();
            }
          }
          return null;
        });
  }

  /** Deletes a rule; false when there was none of that name. */
  public boolean delete(String name) throws SQLException {
    return store.write(
        "delete alert rule " + name,
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM sk_alert_rule WHERE name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() > 0;
          }
        });
  }

  /** Every stored rule, by name. */
  public List<StoredRule> list() {
    return store.read(
        "read the alert rules",
        c -> {
          List<StoredRule> rules = new ArrayList<>();
          try (PreparedStatement select =
                  c.prepareStatement(
                      "SELECT name, definition, source, enabled, updated_at FROM sk_alert_rule"
                          + " ORDER BY name");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              rules.add(
                  new StoredRule(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getBoolean(4),
                      rs.getLong(5)));
            }
          }
          return rules;
        });
  }

  @Override
  public void close() {
    store.close();
  }
}
