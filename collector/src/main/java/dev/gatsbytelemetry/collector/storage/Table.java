package dev.gatsbytelemetry.collector.storage;

import java.util.List;

/** A question's answer: named columns and rows of plain values (String, Number, Boolean, null). */
public record Table(List<String> columns, List<List<Object>> rows) {
}
