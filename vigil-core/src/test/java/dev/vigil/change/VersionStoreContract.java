package dev.vigil.change;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.vigil.change.NewVersions.T0;
import static dev.vigil.change.NewVersions.aVersion;
import static dev.vigil.change.NewVersions.withResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link VersionStore} must do. Each store's test extends this and says how to open one. */
public abstract class VersionStoreContract {

    @TempDir
    protected Path dir;

    private VersionStore store;

    /** Opens the store whose data lives in {@code dir}, creating it when missing. */
    protected abstract VersionStore openStore(Path dir);

    protected final VersionStore store() {
        if (store == null) {
            store = openStore(dir);
        }
        return store;
    }

    /** Closes the store and opens the same data again, as after a restart of Vigil. */
    protected final VersionStore reopen() throws Exception {
        close();
        return store();
    }

    @AfterEach
    void close() throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
        store = null;
    }

    @Test
    void versionsAreNumberedFromOneUpAndStoredAsGiven() {
        NewVersion first = aVersion(1);
        ConfigVersion one = store().append(first);
        ConfigVersion two = store().append(aVersion(2));
        ConfigVersion three = store().append(aVersion(3));

        assertThat(List.of(one.number(), two.number(), three.number())).containsExactly(1L, 2L, 3L);
        assertThat(one).isEqualTo(new ConfigVersion(1, T0, "local", "raise the api's pool", "/srv/shop/vigil.yaml",
                first.text(), first.envFiles(), ConfigVersion.hashOf(first.text()), VersionResult.APPLIED,
                Optional.empty()));
        assertThat(store().get(1)).contains(one);
        assertThat(store().get(2)).contains(two);
        assertThat(store().get(3)).contains(three);
    }

    @Test
    void theHashIsTheSha256OfTheText() {
        ConfigVersion empty = store().append(aVersion(""));
        ConfigVersion abc = store().append(aVersion("abc"));

        assertThat(empty.hash()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(abc.hash()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(store().get(2).orElseThrow().hash()).isEqualTo(abc.hash());
    }

    @Test
    void theListIsNewestFirstAndCanBeLimited() {
        List<ConfigVersion> appended = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            appended.add(store().append(aVersion(i)));
        }

        assertThat(store().list()).containsExactlyElementsOf(appended.reversed());
        assertThat(store().list(2)).containsExactly(appended.get(3), appended.get(2));
        assertThat(store().list(10)).hasSize(4);
        assertThat(store().list(0)).isEmpty();
        assertThat(store().latest()).contains(appended.get(3));
    }

    @Test
    void anEmptyHistoryHasNoVersions() {
        assertThat(store().list()).isEmpty();
        assertThat(store().latest()).isEmpty();
        assertThat(store().get(1)).isEmpty();
    }

    @Test
    void aNumberNeverGivenFindsNothing() {
        store().append(aVersion(1));

        assertThat(store().get(0)).isEmpty();
        assertThat(store().get(-1)).isEmpty();
        assertThat(store().get(2)).isEmpty();
        assertThat(store().get(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void markingAResultChangesThatVersionsResultOnly() {
        ConfigVersion one = store().append(aVersion(1));
        ConfigVersion two = store().append(aVersion(2));

        store().markResult(2, VersionResult.ROLLED_BACK, "api did not become healthy within 2m");

        assertThat(store().get(2)).contains(two.withResult(VersionResult.ROLLED_BACK,
                "api did not become healthy within 2m"));
        assertThat(store().get(2).orElseThrow().detail()).contains("api did not become healthy within 2m");
        assertThat(store().get(1)).contains(one);

        store().markResult(2, VersionResult.APPLIED, "");

        assertThat(store().get(2)).contains(two);
        assertThat(store().latest().orElseThrow().result()).isEqualTo(VersionResult.APPLIED);
    }

    @Test
    void aVersionCanBeStoredWithItsResult() {
        ConfigVersion failed = store().append(withResult(aVersion(1), VersionResult.FAILED, "refused: freeze window"));

        assertThat(failed.result()).isEqualTo(VersionResult.FAILED);
        assertThat(store().get(1).orElseThrow().detail()).contains("refused: freeze window");
    }

    @Test
    void markingAnUnknownVersionFails() {
        store().append(aVersion(1));

        assertThatThrownBy(() -> store().markResult(2, VersionResult.FAILED, "x"))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("2");
        assertThat(store().get(1).orElseThrow().result()).isEqualTo(VersionResult.APPLIED);
    }

    @Test
    void concurrentAppendsGetDistinctConsecutiveNumbers() throws Exception {
        int threads = 8;
        int each = 15;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<Long>> appender = () -> {
                    go.await();
                    List<Long> numbers = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        numbers.add(store().append(aVersion(thread * 1000 + i)).number());
                    }
                    return numbers;
                };
                futures.add(pool.submit(appender));
            }
            store();
            go.countDown();
            List<Long> numbers = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                List<Long> mine = f.get(60, TimeUnit.SECONDS);
                assertThat(mine).isSorted();
                numbers.addAll(mine);
            }

            assertThat(numbers).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, (long) threads * each).boxed().toList());
            assertThat(store().list()).extracting(ConfigVersion::number)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) threads * each).boxed()
                            .sorted((a, b) -> Long.compare(b, a)).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void textsComeBackExactly() {
        String unicode = "name: caf\u00e9\r\nservices:\n  api:\n    command: echo \"\u65e5\u672c \uD83D\uDE80 e\u0301\"\t \n"
                + "    env: {QUOTE: \"it's \\\"quoted\\\" -- ; DROP TABLE versions;\"}\n";
        StringBuilder large = new StringBuilder();
        for (int i = 0; large.length() < 3_000_000; i++) {
            large.append("  svc").append(i).append(":\n    command: ./svc --n ").append(i).append(" \u00fc\n");
        }
        Map<String, String> envFiles = new LinkedHashMap<>();
        envFiles.put("/srv/z.env", "Z=1\n");
        envFiles.put("/srv/a b/\u00e4.env", "# comment\r\nTOKEN=***\n");
        envFiles.put("/srv/m.env", "");
        NewVersion withFiles = new NewVersion(T0, "ci-deploy", "", "/srv/\u00e4/vigil.yaml", unicode, envFiles);

        ConfigVersion u = store().append(withFiles);
        ConfigVersion l = store().append(aVersion("services:\n" + large));

        ConfigVersion readU = store().get(u.number()).orElseThrow();
        assertThat(readU.text()).isEqualTo(unicode);
        assertThat(readU.file()).isEqualTo("/srv/\u00e4/vigil.yaml");
        assertThat(readU.reason()).isEmpty();
        assertThat(readU.envFiles()).containsExactlyEntriesOf(envFiles);
        assertThat(readU.hash()).isEqualTo(ConfigVersion.hashOf(unicode));
        assertThat(store().get(l.number()).orElseThrow().text()).isEqualTo("services:\n" + large);
    }

    @Test
    void timesKeepTheirPrecision() {
        Instant odd = Instant.parse("2026-03-01T09:30:00Z");
        NewVersion v = aVersion(1);
        store().append(new NewVersion(odd, v.actor(), v.reason(), v.file(), v.text(), v.envFiles()));
        store().append(v);

        assertThat(store().get(1).orElseThrow().appliedAt()).isEqualTo(odd);
        assertThat(store().get(2).orElseThrow().appliedAt()).isEqualTo(T0);
    }

    @Test
    void theHistorySurvivesARestart() throws Exception {
        ConfigVersion one = store().append(aVersion(1));
        store().append(aVersion(2));
        store().markResult(2, VersionResult.ROLLED_BACK, "unhealthy");

        VersionStore again = reopen();

        assertThat(again.get(1)).contains(one);
        assertThat(again.latest().orElseThrow().result()).isEqualTo(VersionResult.ROLLED_BACK);
        assertThat(again.append(aVersion(3)).number()).isEqualTo(3);
    }
}
