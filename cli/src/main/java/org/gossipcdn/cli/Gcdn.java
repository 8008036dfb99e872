package org.gossipcdn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gcdn}: the command-line tool. Exit codes: 0 ok, 1 not found or failed, 2 usage. */
@Command(name = "gcdn", mixinStandardHelpOptions = true, version = "gcdn 0.1.0",
        description = "Gossip CDN: a gossip-replicated blob network.",
        subcommands = {PutCommand.class, GetCommand.class, RmCommand.class, KeygenCommand.class, KeyringCommand.class, StatCommand.class, WhereCommand.class, MembersCommand.class,
                StatusCommand.class, LsCommand.class, WatchCommand.class, LocalCommand.class, SimCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Also, through the ./gcdn launcher:", "  gcdn node --help, gcdn bootstrap --help, gcdn test",
                "A network started by 'gcdn local up --dir DIR' is found by every command with --dir DIR or GCDN_LOCAL_DIR=DIR.",
                "Exit codes: 0 ok, 1 not found or failed, 2 usage."})
public final class Gcdn {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Gcdn());
        // help fills the terminal's width (80 columns when it cannot tell), and long options keep their descriptions beside them
        cl.setUsageHelpAutoWidth(true);
        cl.setUsageHelpLongOptionsMaxWidth(28);
        cl.setExitCodeExceptionMapper(e -> 1);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("gcdn: " + Terminal.safe(ex.getMessage()));
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("gcdn: " + Terminal.safe(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ex instanceof CliException e ? e.exitCode : 1;
        });
        return cl;
    }
}
