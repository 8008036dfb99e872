package org.gossipcdn.core.identity;

import java.util.Objects;

/**
 * The {@code host:port} a node advertises; peers reach it there for gossip, content and the public API.
 *
 * <p>Addresses travel in gossip and end up in logs, metrics, {@code gcdn status} and the status
 * page, so only what can name a host is accepted: a DNS name (labels of letters, digits, {@code -}
 * and {@code _}, at most 63 characters each and 253 in all), an IPv4 literal, or an IPv6 literal
 * (bracketed in text). Anything else (markup, spaces, escape sequences) is refused where it is
 * parsed, so a member carrying it is refused at decode.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port 1..65535
 */
public record Address(String host, int port) implements Comparable<Address> {

    /** The longest host name DNS allows. */
    public static final int MAX_HOST_LENGTH = 253;

    public Address {
        Objects.requireNonNull(host, "host");
        if (!isHost(host)) {
            throw new IllegalArgumentException("address host must be a DNS name, an IPv4 or an IPv6 address (at most "
                    + MAX_HOST_LENGTH + " characters), was '" + printable(host) + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.length() > MAX_HOST_LENGTH + 8) {
            throw new IllegalArgumentException("address must be host:port, was '" + printable(text) + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("only an IPv6 address goes in brackets, was '" + printable(text) + "'");
            }
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 address must be bracketed ([v6]:port), was '" + printable(text) + "'");
        }
        String port = text.substring(colon + 1);
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            throw new IllegalArgumentException("address port must be a number in 1..65535, was '" + printable(text) + "'");
        }
        return new Address(host, Integer.parseInt(port));
    }

    static boolean isHost(String host) {
        if (host.isEmpty() || host.length() > MAX_HOST_LENGTH) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host);
        }
        if (host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return isIpv4(host);
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String s) {
        if (s.length() > 45) {
            return false;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] halves = gap >= 0 ? new String[] {s.substring(0, gap), s.substring(gap + 2)} : new String[] {s};
        int groups = 0;
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean lastOfAll = h == halves.length - 1 && i == parts.length - 1;
                if (lastOfAll && parts[i].indexOf('.') >= 0) {
                    if (!isIpv4(parts[i])) {
                        return false;
                    }
                    groups += 2;
                } else if (parts[i].isEmpty() || parts[i].length() > 4
                        || !parts[i].chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                    return false;
                } else {
                    groups++;
                }
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    /** {@code s} with control and non-ASCII characters as {@code ?}, cut to 80, for error messages. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 80 ? b + "…" : b.toString();
    }

    @Override
    public int compareTo(Address other) {
        int c = host.compareTo(other.host);
        return c != 0 ? c : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
