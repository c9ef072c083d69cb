package io.looklook.system;

import io.looklook.testsupport.TestInfra;
import io.looklook.tools.LooklookCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

/** The operator's {@code looklook} command line, run in-process against the test broker and registry. */
final class Looklook {

    record Run(int exitCode, String out, String err) {

        List<String> lines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        }
    }

    private Looklook() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of(args), Stream.of("--bootstrap-servers=" + TestInfra.get().bootstrapServers(),
                "--registry=" + TestInfra.get().registryUrl())).toArray(String[]::new);
        int code = LooklookCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all);
        return new Run(code, out.toString(), err.toString());
    }
}
