/*
 * crasher: the program both supervisors restart in bench/crash-restart.sh.
 *
 *   crasher TIMES_FILE [RUN_MS]
 *
 * At start it appends "start <ns>" to TIMES_FILE, stays up RUN_MS milliseconds
 * (default 100), appends "exit <ns>" and exits with code 1. <ns> is
 * CLOCK_REALTIME in nanoseconds. One write(2) per line on an O_APPEND file, so
 * lines never interleave. Restart latency = start[n+1] - exit[n].
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void stamp(int fd, const char *what) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char line[64];
    int n = snprintf(line, sizeof line, "%s %lld\n", what,
                     (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    if (write(fd, line, (size_t)n) != n) {
        _exit(3);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: crasher TIMES_FILE [RUN_MS]\n");
        return 2;
    }
    int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) {
        perror(argv[1]);
        return 2;
    }
    stamp(fd, "start");
    long run_ms = argc > 2 ? strtol(argv[2], NULL, 10) : 100;
    struct timespec run = {run_ms / 1000, (run_ms % 1000) * 1000000L};
    nanosleep(&run, NULL);
    stamp(fd, "exit");
    exit(1);
}
