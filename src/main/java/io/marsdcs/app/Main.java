package io.marsdcs.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code marsdcs COMMAND}: exit 0 success, 1 invalid input or configuration, 2 usage error, 3 runtime failure. */
@Command(name = "marsdcs", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Cisco CS-MARS incident notifications in, Trend Micro DCS cleanups out, results back to MARS over syslog.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, ExplainCommand.class, ReplayCommand.class, ImportLegacyCommand.class, ResumeCommand.class, StatusCommand.class, MarsKitCommand.class, UnregisterCommand.class, DcsSimCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;
    static final int FAILURE = 3;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("marsdcs: " + e.getMessage());
            return FAILURE;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();   // print() does not autoflush, and main() ends in System.exit
            err.flush();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"marsdcs " + Appliance.VERSION};
        }
    }
}
