package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 14: gcdn completion bash|zsh prints picocli's script, covering subcommands and their options. */
class CompletionCommandTest {

    private static int run(StringWriter out, String... args) {
        CommandLine cl = Gcdn.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void bashAndZshGetAScriptThatKnowsTheCommands() {
        for (String shell : new String[] {"bash", "zsh"}) {
            StringWriter out = new StringWriter();
            assertThat(run(out, "completion", shell)).isZero();
            assertThat(out.toString()).contains("complete -F").contains("members").contains("remove")
                    .contains("--force").contains("keyring");
        }
        assertThat(run(new StringWriter(), "completion", "fish")).isEqualTo(2);
    }
}
