package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gcdn where}: the human table of a node's /replicas answer, and its usage errors. */
class WhereCommandTest {

    @Test
    void theTableListsHoldersByScoreWithTheirConfirmationThenCaches() throws Exception {
        String answer = """
                {"key":"0b7c1c9e-2a8e-4f4e-9d0b-6a3c2f0d1e55","version":"1.0@a","replicas":2,
                 "holders":[{"node":"aaaa","address":"127.0.0.1:7001","score":2.5,"confirmed":true},
                            {"node":"bbbb","address":"127.0.0.1:7002","score":1.25,"confirmed":false}],
                 "caches":[{"node":"cccc","address":"127.0.0.1:7003"}]}""";
        String table = WhereCommand.table(NodeClient.JSON.readTree(answer));
        assertThat(table).contains("1 of R = 2 holders confirm");
        String[] lines = table.split("\n");
        assertThat(lines[lines.length - 3]).startsWith("holder").contains("127.0.0.1:7001").contains("confirmed");
        assertThat(lines[lines.length - 2]).startsWith("holder").contains("127.0.0.1:7002").contains("MISSING");
        assertThat(lines[lines.length - 1]).startsWith("cache").contains("127.0.0.1:7003");
    }

    @Test
    void aKeyThatIsNotAUuidIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Gcdn.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("where", "nope", "--node", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("'nope' is not a UUID key");
    }
}
