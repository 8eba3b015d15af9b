package dev.vigil.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The run directory: one {@code <service>.json} per instance that a runtime started and has not yet seen end,
 * written atomically (temp file, fsync, rename, fsync of the directory) so that a crash leaves either the old
 * record or the new one, never half of one. Readable only by Vigil's user.
 */
final class InstanceRecords {

    private final Path dir;

    InstanceRecords(Path dir) {
        this.dir = dir;
    }

    Path file(String service) {
        return dir.resolve(service + ".json");
    }

    /** @throws IOException when the record could not be made durable */
    synchronized void write(InstanceRecord record) throws IOException {
        createDir();
        Path target = file(record.service());
        Path temp = dir.resolve("." + record.service() + ".json.tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(record.toJson().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDir();
    }

    /**
     * The service's record: empty when there is none.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or parsed
     */
    synchronized Optional<InstanceRecord> read(String service) {
        Path file = file(service);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(InstanceRecord.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the service's record if it still describes {@code record}'s process: a newer instance's record is
     * left alone. A failure is reported and otherwise ignored: a stale record is found Gone by the next run.
     */
    synchronized void delete(InstanceRecord record) {
        Path file = file(record.service());
        try {
            Optional<InstanceRecord> current = read(record.service());
            if (current.isPresent() && current.get().pid() == record.pid()
                    && current.get().startTicks() == record.startTicks()
                    && current.get().bootId().equals(record.bootId())) {
                Files.deleteIfExists(file);
                syncDir();
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("vigil: cannot delete instance record " + file + ": " + e.getMessage());
        }
    }

    private void createDir() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // Made by someone else meanwhile.
        }
    }

    /** Makes the rename itself durable; some file systems cannot sync a directory, and then it is left at that. */
    private void syncDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not supported here; the rename is still atomic.
        }
    }
}
