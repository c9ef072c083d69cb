package io.looklook.tools;

import io.looklook.schemas.RegistryContract;
import io.looklook.schemas.SchemaCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code schemas}: the registry as the contract. */
@Command(name = "schemas", mixinStandardHelpOptions = true, description = "The event schemas in the registry.",
        subcommands = SchemasCommand.Register.class)
final class SchemasCommand {

    @Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Register every event schema this version of looklook writes, each under its full name with "
                    + "the subject's own compatibility level " + RegistryContract.EVENT_COMPATIBILITY + ".",
                    "The services do not register schemas: run this before they start (infra/stack up does). Safe to "
                            + "run again: a registered schema keeps its id. Fails on the first schema the registry refuses "
                            + "(it would break readers of a version it holds)."})
    static final class Register implements Callable<Integer> {

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            RegistryContract registry = new RegistryContract(cluster.registryUrl,
                    ClusterOptions.registryAuthorization(cluster.registryAuth));
            String row = "%-45s  %6s  %7s  %s%n";
            out.printf(row, "SUBJECT", "ID", "VERSION", "COMPATIBILITY");
            try {
                for (var schema : SchemaCatalog.EVENTS) {
                    RegistryContract.Registered registered = registry.register(schema);
                    out.printf(row, registered.subject(), registered.id(), registered.version(), registered.compatibility());
                    out.flush();
                }
            } catch (RegistryContract.SchemaRefusedException e) {
                throw new ToolFailure(e.getMessage());
            } catch (IOException e) {
                throw new ToolFailure("cannot register the schemas at " + cluster.registryUrl + ": " + e.getMessage());
            }
            return 0;
        }
    }
}
