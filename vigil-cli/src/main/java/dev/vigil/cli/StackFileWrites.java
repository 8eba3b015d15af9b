package dev.vigil.cli;

import dev.vigil.change.StackFileWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the stack file when Vigil changes it (a rollback): under an advisory lock on {@code <state>/run/stackfile.lock}
 * (another Vigil command writing at once waits), the file as it was kept as {@code vigil.yaml.~N~} (numbered as GNU
 * cp's backups are), then the new text written atomically with the old file's permissions.
 */
final class StackFileWrites implements StackFileWriter {

    private final Path file;
    private final Path lock;

    StackFileWrites(Path file, Path stateDir) {
        this.file = file.toAbsolutePath();
        this.lock = stateDir.resolve("run/stackfile.lock");
    }

    @Override
    public void write(String text) {
        try {
            Files.createDirectories(lock.getParent());
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = channel.lock()) {
                Set<PosixFilePermission> permissions = AtomicFiles.READABLE;
                if (Files.exists(file)) {
                    permissions = Files.getPosixFilePermissions(file);
                    Files.copy(file, nextBackup(), StandardCopyOption.COPY_ATTRIBUTES);
                }
                AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), permissions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code vigil.yaml.~N~}, one more than the highest there is. */
    Path nextBackup() throws IOException {
        Pattern backup = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.~(\\d+)~");
        int highest = 0;
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            for (Path p : siblings.toList()) {
                Matcher m = backup.matcher(p.getFileName().toString());
                if (m.matches()) {
                    highest = Math.max(highest, Integer.parseInt(m.group(1)));
                }
            }
        }
        return file.resolveSibling(file.getFileName() + ".~" + (highest + 1) + "~");
    }
}
