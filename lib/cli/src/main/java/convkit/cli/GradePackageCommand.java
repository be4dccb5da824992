package convkit.cli;

import convkit.grading.deploy.AutograderPackage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convkit grade package --assignment N --out autograder.zip}: a Gradescope autograder archive. */
@Command(name = "package", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a Gradescope autograder archive (autograder.zip) for an assignment.",
                "It holds setup.sh (installs JDK 17), run_autograder and the grader's jars from this build; no solutions.",
                "Upload it as the autograder of a Gradescope programming assignment (Ubuntu base image)."},
        footer = {"", "Example:", "  ./convkit grade package --assignment 1 --out autograder.zip",
                "Try it locally: unzip into ROOT/source, put a submission in ROOT/submission, then",
                "  AUTOGRADER_ROOT=ROOT bash ROOT/source/run_autograder   # writes ROOT/results/results.json"})
final class GradePackageCommand implements Callable<Integer> {

    @Option(names = {"-a", "--assignment"}, required = true, paramLabel = "N", description = "the assignment number (1-4)")
    int assignment;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "autograder.zip",
            description = "the archive to write, atomically (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        AutograderPackage.Packed p = AutograderPackage.write(assignment, out);
        System.out.printf(Locale.ROOT, "wrote %s (%.1f MB): setup.sh, run_autograder, lib/ with %d jars:%n",
                p.zip(), p.bytes() / 1e6, p.jars().size());
        for (String j : p.jars()) System.out.println("  lib/" + j);
        return 0;
    }
}
