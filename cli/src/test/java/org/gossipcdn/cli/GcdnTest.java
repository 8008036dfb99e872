package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage errors are exit 2 with one line; the simulator runs from the CLI and ends with its JSON. */
class GcdnTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Gcdn.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void usageErrorsExitWith2() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "get", "not-a-uuid", "--node", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("'not-a-uuid' is not a UUID key");
        assertThat(run(new StringWriter(), "put")).isEqualTo(2);
        assertThat(run(new StringWriter(), "frobnicate")).isEqualTo(2);
        assertThat(run(new StringWriter(), "sim", "--scenario", "nope")).isEqualTo(2);
        assertThat(run(new StringWriter(), "sim", "--scenario", "random", "--seeds", "0")).isEqualTo(2);
    }

    @Test
    void simOverSeveralSeedsSumsTheCheckedFieldsAndNamesTheFirstFailingSeed() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run(new StringWriter(), "sim", "--scenario", "random", "--nodes", "4", "--seconds", "5", "--seed", "7",
                    "--seeds", "2", "--json");
        } finally {
            System.setOut(saved);
        }
        String[] lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).strip().split("\n");
        String json = lines[lines.length - 1];
        assertThat(json).startsWith("{\"scenario\":\"random\"").contains("\"seed\":7", "\"seeds\":2", "\"lost_writes\":",
                "\"diverged_keys\":", "\"resurrected\":", "\"kept_expired_not_dropped\":", "\"errors\":", "\"failing_seeds\":");
        if (json.contains("\"failing_seeds\":0")) {
            assertThat(code).isZero();
            assertThat(json).contains("\"rerun\":null");
        } else {
            assertThat(code).isEqualTo(1);
            assertThat(json).contains("\"rerun\":\"gcdn sim --scenario random --nodes 4 --seconds 5 --seed ");
        }
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyThatSignsAndNeverOverwritesOne(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("owner.pem");
        assertThat(run(new StringWriter(), "keygen", "-o", key.toString())).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        OwnerKey owner = OwnerKey.read(key);
        UUID blob = UUID.randomUUID();
        Version v = new Version(new Hlc(System.currentTimeMillis(), 0), OwnerSignature.ownerId(owner.publicKey()));
        OwnerSignature sig = OwnerSignature.sign(owner.privateKey(), owner.publicKey(), blob, v, false, Sha256.EMPTY, 0,
                "text/plain", CausalContext.EMPTY, v);
        assertThat(sig.verifies(new BlobRecord(blob, v, false, Sha256.EMPTY, 0, "text/plain", CausalContext.EMPTY, sig))).isTrue();

        StringWriter err = new StringWriter();
        assertThat(run(err, "keygen", "-o", key.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("exists; not overwriting");
        assertThat(OwnerKey.read(key).fingerprint()).isEqualTo(owner.fingerprint());

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run(err, "put", key.toString(), "--sign", key.toString(), "--node", "127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("readable by others");
    }

    @Test
    void anUnreachableNodeIsAOneLineFailure() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "members", "--node", "127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach a node at 127.0.0.1:1").doesNotContain("Exception");
    }
}
