package org.gossipcdn.core.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The figures one scenario run measured, printed as one JSON object (field order kept). */
public record SimReport(String scenario, Map<String, Object> fields) {

    public SimReport {
        Objects.requireNonNull(scenario, "scenario");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A number field; throws if absent. */
    public double number(String name) {
        Object v = fields.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("no number field " + name + " in " + fields);
        }
        return n.doubleValue();
    }

    /** One line of JSON: {"scenario": ..., fields...}. Values are numbers, booleans, strings or null. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"scenario\":\"").append(escape(scenario)).append('"');
        fields.forEach((k, v) -> {
            sb.append(",\"").append(escape(k)).append("\":");
            if (v == null || v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(escape(v.toString())).append('"');
            }
        });
        return sb.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
