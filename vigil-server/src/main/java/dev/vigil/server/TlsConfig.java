package dev.vigil.server;

import java.nio.file.Path;

/** A PKCS12 keystore holding the server's certificate and private key. */
public record TlsConfig(Path keystore, String password) {

    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", password=***]";
    }
}
