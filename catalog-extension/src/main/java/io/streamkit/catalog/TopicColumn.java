package io.streamkit.catalog;

import org.apache.flink.table.types.DataType;

/** One column of a topic's registered schema: its name, type and description (or null). */
public record TopicColumn(String name, DataType type, String description) {}
