package org.gossipcdn.node;

import java.util.regex.Pattern;

/**
 * The syntax of a {@code Content-Type} value (RFC 9110 §8.3.1): {@code type "/" subtype} of token
 * characters, then any {@code ; name=value} parameters whose value is a token or a quoted string.
 * Uploads must declare a type of this form (400 otherwise), and a node serves a stored type only if it
 * has this form, so no header that reaches a browser is malformed or carries injected text.
 */
final class MediaType {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\t\\x20-\\x7E])*\"";
    private static final Pattern SYNTAX = Pattern.compile(
            TOKEN + "/" + TOKEN + "(?:[ \\t]*;[ \\t]*(?:" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))?)*");

    private MediaType() {
    }

    /** True if {@code value} is {@code type/subtype} with optional parameters, per RFC 9110. */
    static boolean isValid(String value) {
        return value != null && SYNTAX.matcher(value).matches();
    }
}
