package dev.vigil.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Vigil's version, from the properties the build writes. */
public final class Version implements CommandLine.IVersionProvider {

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/vigil-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"vigil " + current() + " (Java " + Runtime.version() + ")"};
    }
}
