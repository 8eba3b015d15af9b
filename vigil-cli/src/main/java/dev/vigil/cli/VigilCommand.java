package dev.vigil.cli;

import picocli.CommandLine.Command;

/** The top-level {@code vigil} command; it only groups the subcommands. */
@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Keeps an application stack up: starts services in dependency order, health-checks them, "
                + "heals what breaks and records every decision as an event.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, ServiceActionCommand.Start.class,
                ServiceActionCommand.Stop.class, ServiceActionCommand.Restart.class, LogsCommand.class,
                EventsCommand.class, TopCommand.class, MetricsCommand.class, FindingsCommand.class,
                TokenCommand.class, AuditCommand.class, ValidateCommand.class, ConvertCommand.class,
                CheckCommand.class, CleanupCommand.class, WindowsCommand.class, FreezeCommand.class, ApplyCommand.Diff.class, ApplyCommand.class,
                ConfigCommand.class, RulesCommand.class, AlertsCommand.class, AlertCommand.class,
                SilenceCommand.class, NotifyCommand.class, NotificationsCommand.class, OpenCommand.class, DemoCommand.class,
                VersionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failure at run time", "2:invalid input (stack file, flags)",
                "3:refused by a freeze window (see vigil windows; --override --reason as admin)"})
public final class VigilCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
