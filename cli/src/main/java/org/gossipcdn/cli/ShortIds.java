package org.gossipcdn.cli;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Node ids shortened for a table: every id cut to the same length, the shortest (from 8 hex digits,
 * in steps of 2) at which no two ids on the page share a prefix. Eight digits alone collide once
 * pages hold tens of thousands of ids, or sooner when an id is chosen to collide.
 */
final class ShortIds {

    static final int MIN = 8;

    private ShortIds() {
    }

    /** The prefix length that tells all {@code ids} apart (their full length if two are equal). */
    static int length(Collection<String> ids) {
        int longest = ids.stream().mapToInt(String::length).max().orElse(MIN);
        Set<String> distinct = new HashSet<>(ids);
        for (int n = MIN; n < longest; n += 2) {
            Set<String> prefixes = new HashSet<>();
            for (String id : distinct) {
                prefixes.add(id.substring(0, Math.min(n, id.length())));
            }
            if (prefixes.size() == distinct.size()) {
                return n;
            }
        }
        return longest;
    }

    static String cut(String id, int length) {
        return id.substring(0, Math.min(length, id.length()));
    }
}
