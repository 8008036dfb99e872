package org.gossipcdn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.regex.Pattern;

/**
 * Text from the network made safe to print on a terminal. A node (or a member that gossiped a made-up
 * address or id) controls what {@code gcdn status} and {@code gcdn members} print; escape sequences in
 * it could move the cursor, rewrite earlier lines, set the window title or, on some terminals, answer
 * back as typed input. {@link #safe} drops escape sequences and replaces every other control character
 * (C0, DEL, C1) and every bidirectional-override character with {@code ?}; {@link #json} writes JSON with
 * everything outside printable ASCII escaped as {@code \\uXXXX}.
 */
final class Terminal {

    /** ESC or C1 CSI/OSC/DCS... sequences: CSI up to its final byte, string commands up to BEL or ST, else ESC + one char. */
    private static final Pattern ESCAPES = Pattern.compile(
            "(?:\\u001B\\[|\\u009B)[\\u0020-\\u003F]*[\\u0040-\\u007E]?"
                    + "|(?:\\u001B[\\]PX^_]|[\\u0090\\u0098\\u009D\\u009E\\u009F])[^\\u0007\\u001B\\u009C]*(?:\\u0007|\\u001B\\\\|\\u009C)?"
                    + "|\\u001B[\\u0020-\\u007E]?");
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final ObjectWriter JSON = NodeClient.JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private Terminal() {
    }

    /** {@code text} without escape sequences or control characters; null becomes "". */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        return UNSAFE.matcher(ESCAPES.matcher(text).replaceAll("")).replaceAll("?");
    }

    /** {@code node} as one line of JSON, with control and non-ASCII characters escaped. */
    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw CliException.failed("cannot print JSON: " + e.getMessage());
        }
    }
}
