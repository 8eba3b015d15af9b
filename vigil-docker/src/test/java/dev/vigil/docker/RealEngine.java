package dev.vigil.docker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real engine for one test class: connected before its tests ({@link TestEngine#connect}, which skips them
 * loudly, or fails them under VIGIL_REQUIRE_ENGINE, when there is none), closed after them.
 * <pre>{@code @RegisterExtension static final RealEngine ENGINE = new RealEngine();}</pre>
 */
final class RealEngine implements BeforeAllCallback, AfterAllCallback {

    private Engine engine;

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = TestEngine.connect();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    Engine engine() {
        if (engine == null) {
            throw new IllegalStateException("no engine outside the tests of the class that registers it");
        }
        return engine;
    }
}
