package dev.vigil.cli;

import picocli.CommandLine.Command;

/** {@code vigil version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Vigil's version.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(new Version().getVersion()[0]);
    }
}
