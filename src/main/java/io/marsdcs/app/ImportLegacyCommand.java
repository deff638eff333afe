package io.marsdcs.app;

import io.marsdcs.config.ConfigError;
import io.marsdcs.config.LegacyImport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import-legacy", description = "Print the marsdcs YAML equivalent to an old plug-in's dcsp_config.xml; "
        + "the old file's mistakes go to stderr (exit 1 when it has errors).")
final class ImportLegacyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "dcsp_config.xml")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            err.println("marsdcs: cannot read " + file);
            return Main.INVALID;
        }
        LegacyImport.Result r = LegacyImport.read(file);
        spec.commandLine().getOut().print(r.yaml());
        for (ConfigError e : r.problems()) err.println(e);
        if (r.hasErrors()) {
            err.println(r.problems().stream().filter(p -> !p.warning()).count() + " error(s) in " + file
                    + ": the YAML above marks them with NOTE; fix them before check-config");
        }
        return r.hasErrors() ? Main.INVALID : Main.OK;
    }
}
