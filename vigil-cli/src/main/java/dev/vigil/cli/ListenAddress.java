package dev.vigil.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code --listen HOST:PORT} of the API, checked: loopback unless TLS is configured. */
record ListenAddress(String host, int port) {

    static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 7420);

    static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidInput("--listen: \"" + text + "\" is not HOST:PORT (e.g. 127.0.0.1:7420)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidInput("--listen: port \"" + text.substring(colon + 1) + "\" is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInput("--listen: port " + port + " is outside 0..65535");
        }
        return new ListenAddress(host, port);
    }

    boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new InvalidInput("--listen: unknown host \"" + host + "\"");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
