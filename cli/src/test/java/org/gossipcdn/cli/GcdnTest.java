package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
    }

    @Test
    void anUnreachableNodeIsAOneLineFailure() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "members", "--node", "127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach a node at 127.0.0.1:1").doesNotContain("Exception");
    }
}
