package dev.vigil.collect;

/**
 * The names of the series Vigil collects itself. Service series carry the label {@code service}; filesystem series
 * {@code mountpoint}, {@code device} and {@code fstype}; disk and network series {@code device}; host CPU
 * {@code mode}. Counters end in {@code _total}, as Prometheus names them.
 */
public final class MetricNames {

    public static final String SERVICE = "service";

    public static final String SERVICE_CPU = "service_cpu_seconds_total";
    public static final String SERVICE_RSS = "service_memory_rss_bytes";
    public static final String SERVICE_MEMORY_LIMIT = "service_memory_limit_bytes";
    public static final String SERVICE_THREADS = "service_threads";
    public static final String SERVICE_FDS = "service_open_fds";
    public static final String SERVICE_FD_LIMIT = "service_fd_limit";
    public static final String SERVICE_READ = "service_read_bytes_total";
    public static final String SERVICE_WRITTEN = "service_written_bytes_total";
    public static final String SERVICE_RESTARTS = "service_restarts_total";
    public static final String SERVICE_UP = "service_up";
    public static final String SERVICE_PROBE = "service_probe_duration_seconds";

    public static final String HOST_CPU = "host_cpu_seconds_total";
    public static final String HOST_LOAD1 = "host_load1";
    public static final String HOST_LOAD5 = "host_load5";
    public static final String HOST_LOAD15 = "host_load15";
    public static final String HOST_MEMORY_TOTAL = "host_memory_total_bytes";
    public static final String HOST_MEMORY_AVAILABLE = "host_memory_available_bytes";
    public static final String HOST_MEMORY_USED = "host_memory_used_bytes";
    public static final String HOST_SWAP_TOTAL = "host_swap_total_bytes";
    public static final String HOST_SWAP_USED = "host_swap_used_bytes";
    public static final String HOST_FS_SIZE = "host_filesystem_size_bytes";
    public static final String HOST_FS_AVAILABLE = "host_filesystem_avail_bytes";
    public static final String HOST_FS_FILES = "host_filesystem_files";
    public static final String HOST_FS_FILES_FREE = "host_filesystem_files_free";
    public static final String HOST_DISK_READ = "host_disk_read_bytes_total";
    public static final String HOST_DISK_WRITTEN = "host_disk_written_bytes_total";
    public static final String HOST_NET_RECEIVED = "host_network_receive_bytes_total";
    public static final String HOST_NET_SENT = "host_network_transmit_bytes_total";

    /**
     * Written for each scrape target, with only {@code service}: Prometheus's own names, so dashboards and rules
     * written for Prometheus read them unchanged; none of Vigil's collected names takes them.
     */
    public static final String SCRAPE_UP = "up";
    public static final String SCRAPE_DURATION = "scrape_duration_seconds";
    public static final String SCRAPE_SAMPLES = "scrape_samples_scraped";

    public static final String VIGIL_HEAP = "vigil_heap_used_bytes";
    public static final String VIGIL_THREADS = "vigil_threads";
    public static final String VIGIL_EVENT_QUEUE = "vigil_event_queue_depth";
    public static final String VIGIL_STORE_BYTES = "vigil_metric_store_bytes";
    public static final String VIGIL_STORE_SERIES = "vigil_metric_series";

    /** Written by {@link EventSeries}: Vigil's own events, for alerting rules. */
    public static final String VIGIL_EVENTS = "vigil_events_total";
    public static final String VIGIL_SERVICE_STATE = "vigil_service_state";
    public static final String VIGIL_FINDING_OPEN = "vigil_finding_open";
    public static final String VIGIL_FINDING_REACHES_AT = "vigil_finding_reaches_at_seconds";

    private MetricNames() {
    }
}
