package dev.vigil.stack;

import dev.vigil.stack.ContainerSpec.PortMapping;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Published ports as written in a stack file or a Compose file: {@code 80}, {@code 8080:80},
 * {@code 127.0.0.1:8080:80}, {@code [::1]:8080:80}, {@code 8080:80/udp}. Without a host address a port binds
 * {@value #DEFAULT_HOST_IP}: nothing is reachable beyond this machine unless {@code 0.0.0.0} is written.
 */
public final class Ports {

    public static final String DEFAULT_HOST_IP = "127.0.0.1";
    static final List<String> PROTOCOLS = List.of("tcp", "udp");
    static final String HINT = "write e.g. `8080:80`, `127.0.0.1:8080:80` or `8080:80/udp`";
    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Ports() {
    }

    /** Parses the short syntax; throws {@link IllegalArgumentException} with a message fit for a problem. */
    public static PortMapping parse(String text) {
        String rest = text.trim();
        String protocol = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = protocol(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        String hostIp = DEFAULT_HOST_IP;
        boolean bracketed = rest.startsWith("[");
        if (bracketed) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw notAMapping(text);
            }
            hostIp = hostIp(rest.substring(1, close), text);
            rest = rest.substring(close + 2);
            if (!rest.contains(":")) {
                throw notAMapping(text);
            }
        }
        String[] parts = rest.split(":", -1);
        String hostPort = "0";
        String containerPort;
        switch (parts.length) {
            case 1 -> containerPort = parts[0];
            case 2 -> {
                hostPort = parts[0].isEmpty() ? "0" : parts[0];
                containerPort = parts[1];
            }
            case 3 -> {
                if (bracketed) {
                    throw notAMapping(text);
                }
                hostIp = hostIp(parts[0], text);
                hostPort = parts[1].isEmpty() ? "0" : parts[1];
                containerPort = parts[2];
            }
            default -> throw new IllegalArgumentException(YamlNodes.quote(text)
                    + " is not a port mapping; write an IPv6 host address in brackets, e.g. `[::1]:8080:80`");
        }
        return new PortMapping(hostIp, port(hostPort, 0, text), port(containerPort, 1, text), protocol);
    }

    /** Checks the parts of a long-syntax port; throws {@link IllegalArgumentException} like {@link #parse}. */
    public static PortMapping of(String hostIp, String hostPort, String containerPort, String protocol) {
        return new PortMapping(hostIp(hostIp, hostIp), port(hostPort.isEmpty() ? "0" : hostPort, 0, hostPort),
                port(containerPort, 1, containerPort), protocol(protocol));
    }

    /** What a port's long syntax says besides its {@code target}; a key left out takes its default. */
    public record LongSyntax(String published, Optional<String> hostIp, String protocol) {

        /** Reads {@code published}, {@code host_ip} and {@code protocol}; a value that is not a string is a problem. */
        public static LongSyntax read(MapReader map, NodeReader reader) {
            String published = map.get("published").flatMap(n -> reader.string(n, map.path("published"))).orElse("0");
            Optional<String> hostIp = map.get("host_ip").flatMap(n -> reader.string(n, map.path("host_ip")));
            String protocol = map.get("protocol").flatMap(n -> reader.string(n, map.path("protocol"))).orElse("tcp");
            return new LongSyntax(published, hostIp, protocol);
        }

        /** The mapping to {@code target}, bound to {@value Ports#DEFAULT_HOST_IP} unless a host address was given. */
        public PortMapping to(String target) {
            return of(hostIp.orElse(DEFAULT_HOST_IP), published, target, protocol);
        }
    }

    /** The short syntax that {@link #parse} reads back to the same mapping. */
    public static String format(PortMapping port) {
        String ip = port.hostIp().contains(":") ? "[" + port.hostIp() + "]" : port.hostIp();
        return ip + ":" + (port.hostPort() == 0 ? "" : port.hostPort()) + ":" + port.containerPort()
                + (port.protocol().equals("tcp") ? "" : "/" + port.protocol());
    }

    private static String protocol(String text) {
        String p = text.trim().toLowerCase(Locale.ROOT);
        if (PROTOCOLS.contains(p)) {
            return p;
        }
        String hint = Suggestions.closest(p, PROTOCOLS).map(s -> "did you mean `" + s + "`?")
                .orElse("expected tcp or udp");
        throw new IllegalArgumentException("unknown protocol " + YamlNodes.quote(text) + "; " + hint);
    }

    private static String hostIp(String ip, String text) {
        String trimmed = ip.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        var v4 = IPV4.matcher(trimmed);
        boolean ok = v4.matches()
                ? List.of(1, 2, 3, 4).stream().allMatch(g -> Integer.parseInt(v4.group(g)) <= 255)
                : trimmed.contains(":") && trimmed.matches("[0-9a-fA-F:.]+");
        if (!ok) {
            throw new IllegalArgumentException(YamlNodes.quote(ip) + " is not an IP address; write e.g. `127.0.0.1`,"
                    + " `0.0.0.0` or `[::1]`");
        }
        return trimmed;
    }

    private static int port(String text, int min, String whole) {
        String t = text.trim();
        if (t.contains("-")) {
            throw new IllegalArgumentException("port ranges are not supported (" + YamlNodes.quote(whole)
                    + "); publish each port");
        }
        if (!NUMBER.matcher(t).matches()) {
            throw notAMapping(whole);
        }
        int port = Integer.parseInt(t);
        if (port < min || port > 65535) {
            throw new IllegalArgumentException("port must be between " + min + " and 65535, found " + t);
        }
        return port;
    }

    private static IllegalArgumentException notAMapping(String text) {
        return new IllegalArgumentException(YamlNodes.quote(text) + " is not a port mapping; " + HINT);
    }
}
