package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gcdn members}: the members one node sees. */
@Command(name = "members", mixinStandardHelpOptions = true, description = "Lists the members the node sees.",
        subcommands = MembersRemoveCommand.class)
final class MembersCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--json", description = "print the node's JSON answer")
    boolean json;

    @Override
    public Integer call() {
        JsonNode members = target.client().getJson("/v1/cluster/members");
        if (json) {
            System.out.println(Terminal.json(members));
            return 0;
        }
        System.out.printf("%-34s %-22s %-9s %-8s %s%n", "ID", "ADDRESS", "ROLE", "STATUS", "INCARNATION");
        for (JsonNode m : members) {
            System.out.printf("%-34s %-22s %-9s %-8s %d%n", Terminal.safe(m.path("id").asText()),
                    Terminal.safe(m.path("address").asText()), Terminal.safe(m.path("role").asText()),
                    Terminal.safe(m.path("status").asText()), m.path("incarnation").asLong());
        }
        return 0;
    }
}
