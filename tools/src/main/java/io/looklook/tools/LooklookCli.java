package io.looklook.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code looklook}: the engineer's view of the event log. Every command talks to the broker and the registry given by
 * {@code --bootstrap-servers} / {@code --registry} (or {@code LOOKLOOK_BOOTSTRAP_SERVERS} / {@code LOOKLOOK_REGISTRY_URL};
 * defaults: the local stack). Exit codes are picocli's: 0 done, 1 failed, 2 usage error.
 */
@Command(name = "looklook", mixinStandardHelpOptions = true, version = "looklook tools 0.1.0",
        description = "Read, trace and replay looklook's event log; reconcile payments.",
        subcommands = {TopicsCommand.class, TailCommand.class, TimelineCommand.class, ReplayCommand.class,
                ResetGroupCommand.class, DltCommand.class, TokenCommand.class, PaymentsCommand.class, SchemasCommand.class,
                CommandLine.HelpCommand.class})
public final class LooklookCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with looklook's error handling: a failure prints one clear line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LooklookCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("looklook " + commandLine.getCommandName() + ": " + ToolFailure.describe(e));
            return commandLine.getCommandSpec().exitCodeOnExecutionException();
        });
        return cli;
    }
}
