package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the CLI prints that came from the network carries no terminal control: a hostile node (or a
 * member gossiping made-up ids and addresses) answers members, status and errors full of escape
 * sequences, and the output keeps only printable text.
 */
class NetworkTextTest {

    /** Any control character but the newline, DEL, C1 controls and bidi overrides. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final String EVIL = "\u001B]0;owned\u0007\u001B[2J\u001B[1;31mred\u009B31m\u202Eevil\r\u0008";

    private HttpServer server;
    private String address;

    @BeforeEach
    void hostileNode() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        address = "127.0.0.1:" + server.getAddress().getPort();
        String members = "[{\"id\":\"" + json(EVIL) + "\",\"address\":\"" + address + "\",\"role\":\"data\",\"status\":\"alive\","
                + "\"incarnation\":1},{\"id\":\"x\",\"address\":\"" + json(EVIL) + "\",\"role\":\"data" + json(EVIL)
                + "\",\"status\":\"alive\",\"incarnation\":2},{\"id\":\"y\",\"address\":\"" + json(EVIL)
                + "\",\"role\":\"data\",\"status\":\"alive\",\"incarnation\":3}]";
        String status = "{\"members\":3,\"keys\":1,\"digestRoot\":\"" + json(EVIL) + "\",\"resyncing\":false,"
                + "\"untrustedRecords\":{\"" + json(EVIL) + "\":2},\"unauthorizedGossip\":1,\"openCluster\":true}";
        String problem = "{\"type\":\"about:blank\",\"title\":\"x\",\"status\":500,\"detail\":\"" + json(EVIL) + "\"}";
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body = (path.equals("/v1/cluster/members") ? members : path.equals("/v1/status") ? status : problem)
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(path.startsWith("/v1/blobs/") ? 500 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    /** Runs gcdn, returning what it wrote to stdout and stderr together. */
    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var cl = Gcdn.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.execute(args);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8) + err;
    }

    @Test
    void membersPrintsNoControlCharacters() {
        String out = run("members", "--node", address);
        assertThat(out).contains("red").contains("evil");
        assertThat(CONTROL.matcher(out).find()).as("control characters in:%n%s", out).isFalse();
        String json = run("members", "--json", "--node", address);
        assertThat(CONTROL.matcher(json).find()).as("control characters in:%n%s", json).isFalse();
        assertThat(json).contains("\\u001B");
    }

    @Test
    void statusPrintsNoControlCharactersAndWarnsOfAnOpenCluster() {
        String out = run("status", "--node", address);
        assertThat(out).contains("INSECURE OPEN CLUSTER").contains("untrusted records");
        assertThat(CONTROL.matcher(out).find()).as("control characters in:%n%s", out).isFalse();
        String json = run("status", "--json", "--node", address);
        assertThat(CONTROL.matcher(json).find()).as("control characters in:%n%s", json).isFalse();
    }

    @Test
    void anErrorDetailPrintsNoControlCharacters() {
        String out = run("stat", UUID.randomUUID().toString(), "--node", address);
        assertThat(out).contains("HTTP 500").contains("red");
        assertThat(CONTROL.matcher(out).find()).as("control characters in:%n%s", out).isFalse();
    }

    @Test
    void safeKeepsPrintableTextAndDropsSequences() {
        assertThat(Terminal.safe("\u001B[1;31mred\u001B[0m plain")).isEqualTo("red plain");
        assertThat(Terminal.safe("\u001B]0;title\u0007after")).isEqualTo("after");
        assertThat(Terminal.safe("a\tb\u0085c\u202Ed")).isEqualTo("a?b?c?d");
        assertThat(Terminal.safe("ünïcödé 127.0.0.1:7001")).isEqualTo("ünïcödé 127.0.0.1:7001");
    }
}
