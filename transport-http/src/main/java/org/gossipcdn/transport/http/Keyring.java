package org.gossipcdn.transport.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.gossipcdn.core.version.Sha256;

/**
 * The cluster keys of one node: the primary key signs outgoing gossip, every key verifies incoming
 * gossip, so keys rotate without downtime (install the new key everywhere, make it primary
 * everywhere, remove the old one everywhere — memberlist's keyring). Empty means an open cluster.
 *
 * <p>Keys are named by {@link #fingerprint}, never printed. Thread-safe: changes are synchronized
 * and publish a new immutable list; {@code onChange} (e.g. persisting) runs after each change.
 */
public final class Keyring {

    /** One key as listed: its fingerprint and whether it signs. */
    public record Entry(String fingerprint, boolean primary) {}

    private volatile List<String> secrets; // primary first
    private volatile List<SecretKeySpec> keys;
    private final Consumer<List<String>> onChange;

    /** @param secrets the keys, primary first; {@code onChange} gets them (primary first) after every change */
    public Keyring(List<String> secrets, Consumer<List<String>> onChange) {
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        List<String> copy = new ArrayList<>();
        for (String s : secrets) {
            check(s);
            if (!copy.contains(s)) {
                copy.add(s);
            }
        }
        publish(copy);
    }

    /** A keyring of at most one key that is kept nowhere. */
    public static Keyring of(Optional<String> key) {
        return new Keyring(key.map(List::of).orElse(List.of()), s -> { });
    }

    public static String fingerprint(String secret) {
        byte[] h = Sha256.newDigest().digest(("gcdn-cluster-key\n" + secret).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 8);
    }

    private static void check(String secret) {
        if (secret == null || secret.length() < ClusterAuth.MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("a cluster key must be at least " + ClusterAuth.MIN_KEY_LENGTH
                    + " characters, was " + (secret == null ? 0 : secret.length()));
        }
    }

    private void publish(List<String> next) {
        this.secrets = List.copyOf(next);
        this.keys = next.stream().map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).toList();
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public List<Entry> list() {
        List<String> now = secrets;
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            out.add(new Entry(fingerprint(now.get(i)), i == 0));
        }
        return out;
    }

    /** Adds a key that verifies (and signs, if the ring was empty). Installing a known key changes nothing. */
    public synchronized Entry install(String secret) {
        check(secret);
        if (!secrets.contains(secret)) {
            List<String> next = new ArrayList<>(secrets);
            next.add(secret);
            publish(next);
            onChange.accept(secrets);
        }
        return new Entry(fingerprint(secret), secrets.get(0).equals(secret));
    }

    /** Makes the installed key with this fingerprint the one that signs. */
    public synchronized void use(String fingerprint) {
        String secret = find(fingerprint);
        List<String> next = new ArrayList<>(secrets);
        next.remove(secret);
        next.add(0, secret);
        publish(next);
        onChange.accept(secrets);
    }

    /** Removes a key that no longer signs; the primary key cannot be removed (make another primary first). */
    public synchronized void remove(String fingerprint) {
        String secret = find(fingerprint);
        if (secrets.get(0).equals(secret)) {
            throw new IllegalArgumentException("key " + fingerprint + " is the primary key; make another key primary first");
        }
        List<String> next = new ArrayList<>(secrets);
        next.remove(secret);
        publish(next);
        onChange.accept(secrets);
    }

    private String find(String fingerprint) {
        for (String s : secrets) {
            if (fingerprint(s).equals(fingerprint)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no key with fingerprint " + fingerprint + " in the keyring");
    }

    Optional<SecretKeySpec> primary() {
        List<SecretKeySpec> now = keys;
        return now.isEmpty() ? Optional.empty() : Optional.of(now.get(0));
    }

    List<SecretKeySpec> all() {
        return keys;
    }
}
