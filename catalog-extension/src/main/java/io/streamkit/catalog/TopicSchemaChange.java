package io.streamkit.catalog;

import java.util.List;

/**
 * What registering or refreshing a topic's schema did: the schema version the table has now
 * (unchanged when nothing changed), what changed (columns added, made nullable), the conflicts
 * reported and left as they were, and how many messages were sampled (0 for a registration).
 */
public record TopicSchemaChange(
    String table,
    int version,
    boolean changed,
    List<String> changes,
    List<String> conflicts,
    int samples) {}
