package org.gossipcdn.cli;

import java.util.UUID;

/** Checks a KEY argument before anything is sent. */
final class Keys {

    private Keys() {
    }

    static void check(String key) {
        try {
            if (key.length() != 36) {
                throw new IllegalArgumentException();
            }
            UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("'" + key + "' is not a UUID key");
        }
    }
}
