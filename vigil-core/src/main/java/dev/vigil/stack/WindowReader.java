package dev.vigil.stack;

import dev.vigil.window.Cron;
import dev.vigil.window.Days;
import dev.vigil.window.Once;
import dev.vigil.window.Schedule;
import dev.vigil.window.Seasonal;
import dev.vigil.window.WallClock;
import dev.vigil.window.Weekly;
import dev.vigil.window.Window;
import dev.vigil.window.WindowKind;
import dev.vigil.window.WindowOrigin;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the top-level {@code windows}: named calendar periods, {@code freeze} or {@code maintenance}. */
final class WindowReader {

    static final List<String> KEYS = List.of("kind", "from", "to", "days", "cron", "duration", "months", "dates",
            "zone", "services", "reason");
    private static final List<String> RANGE_KEYS = List.of("from", "to");
    private static final List<String> KINDS = Arrays.stream(WindowKind.values()).map(WindowKind::yamlName).toList();
    private static final List<String> DAYS = Arrays.stream(DayOfWeek.values()).map(WindowReader::shortName).toList();
    private static final List<String> MONTHS = Arrays.stream(Month.values()).map(WindowReader::shortName).toList();
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
    private static final Pattern DAY_AND_TIME = Pattern.compile("(\\S+)\\s+(\\S+)");
    private static final Pattern DATE_AND_TIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})\\s+(\\S+)");
    private static final Pattern MONTH_DAY = Pattern.compile("(\\d{2})-(\\d{2})");
    private static final String WEEKLY_EXAMPLE = "a weekday and time such as `Fri 18:00`";
    private static final String ONE_OFF_EXAMPLE = "a date and time such as `2026-12-24 12:00`";
    private static final String NO_SCHEDULE = "no schedule; give `from` and `to`, `days`, `cron` and `duration`,"
            + " `months` or `dates`";

    private final NodeReader reader;
    private final ZoneId defaultZone;
    private final List<String> services;

    /**
     * @param defaultZone the zone of a window that names none (the host's)
     * @param services the stack's service names, which {@code services} entries must name or match
     */
    WindowReader(NodeReader reader, ZoneId defaultZone, List<String> services) {
        this.reader = reader;
        this.defaultZone = defaultZone;
        this.services = List.copyOf(services);
    }

    /** The windows in file order; an empty {@code windows:} is no windows. */
    List<Window> read(Node node, String path) {
        return StackLoader.named(reader, node, path, "window", this::window);
    }

    private Optional<Window> window(String name, Node key, Node value, String path) {
        Optional<MapReader> found = reader.map(value, key, path, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Optional<WindowKind> kind = map.required("kind")
                .flatMap(n -> reader.choice(n, map.path("kind"), "kind", KINDS, WindowKind::fromYaml));
        Optional<ZoneId> zone = map.get("zone").map(n -> zone(n, map.path("zone"))).orElse(Optional.of(defaultZone));
        Optional<Schedule> schedule = schedule(map, key, zone);
        List<String> covered = map.get("services").map(n -> ServicePatterns.read(reader, services, n, map.path("services"),
                "leave `services` out for a window over every service")).orElse(List.of());
        Optional<String> reason = map.get("reason").flatMap(n -> reason(n, map.path("reason")));
        if (kind.isEmpty() || zone.isEmpty() || schedule.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Window(name, kind.get(), schedule.get(), zone.get(), covered, reason, WindowOrigin.FILE));
    }

    /** Which keys name a schedule, and the form each belongs to. */
    private static String form(String key, MapReader map) {
        return switch (key) {
            case "cron", "months", "dates", "days" -> key;
            case "from", "to" -> map.has("days") ? "days" : "from";
            default -> "";
        };
    }

    private Optional<Schedule> schedule(MapReader map, Node windowKey, Optional<ZoneId> zone) {
        Map<String, NodeTuple> forms = new LinkedHashMap<>();
        for (NodeTuple entry : map.entries()) {
            String key = ((ScalarNode) entry.getKeyNode()).getValue();
            String form = form(key, map);
            if (form.isEmpty() || forms.containsKey(form)) {
                continue;
            }
            if (!forms.isEmpty()) {
                String first = ((ScalarNode) forms.values().iterator().next().getKeyNode()).getValue();
                reader.problem(entry.getKeyNode(), map.path(key), "a second schedule besides `" + first
                        + "`; a window has one (make two windows)");
            }
            forms.put(form, entry);
        }
        if (!map.has("cron")) {
            map.keyNode("duration").ifPresent(k -> reader.problem(k, map.path("duration"), "only for a `cron` window"));
        }
        if (forms.isEmpty()) {
            reader.problem(windowKey, map.path(), NO_SCHEDULE);
            return Optional.empty();
        }
        if (forms.size() > 1) {
            return Optional.empty();
        }
        return switch (forms.keySet().iterator().next()) {
            case "cron" -> cron(map);
            case "months" -> months(map);
            case "dates" -> dates(map);
            case "days" -> days(map);
            default -> fromTo(map, zone);
        };
    }

    private Optional<Schedule> cron(MapReader map) {
        Node node = map.get("cron").orElseThrow();
        Optional<String> text = reader.string(node, map.path("cron"));
        Optional<Duration> duration = map.required("duration")
                .flatMap(n -> reader.positiveDuration(n, map.path("duration")));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            // Checked even when the duration is missing or wrong, so both problems show at once.
            Cron cron = new Cron(text.get(), duration.orElse(Duration.ofMinutes(1)));
            return duration.map(d -> cron);
        } catch (IllegalArgumentException e) {
            reader.problem(node, map.path("cron"), "invalid cron expression " + YamlNodes.quote(text.get()) + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Schedule> months(MapReader window) {
        String path = window.path("months");
        Optional<MapReader> found = reader.map(window.get("months").orElseThrow(),
                window.keyNode("months").orElseThrow(), path, RANGE_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Optional<Month> from = map.required("from").flatMap(n -> month(n, map.path("from")));
        Optional<Month> to = map.required("to").flatMap(n -> month(n, map.path("to")));
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return season(() -> Seasonal.months(from.get(), to.get()), map.node(), path);
    }

    private Optional<Schedule> dates(MapReader window) {
        String path = window.path("dates");
        Optional<MapReader> found = reader.map(window.get("dates").orElseThrow(),
                window.keyNode("dates").orElseThrow(), path, RANGE_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Optional<MonthDay> from = map.required("from").flatMap(n -> monthDay(n, map.path("from"), true));
        Optional<MonthDay> to = map.required("to").flatMap(n -> monthDay(n, map.path("to"), false));
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return season(() -> new Seasonal(from.get(), to.get()), map.node(), path);
    }

    private Optional<Schedule> season(Supplier<Seasonal> make, Node node, String path) {
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException e) {
            reader.problem(node, path, "covers the whole year, so the window would always be open");
            return Optional.empty();
        }
    }

    private Optional<Schedule> days(MapReader map) {
        Node node = map.get("days").orElseThrow();
        String path = map.path("days");
        Optional<Set<DayOfWeek>> days = dayList(node, path);
        boolean hasFrom = map.has("from");
        boolean hasTo = map.has("to");
        if (hasFrom != hasTo) {
            Node present = map.keyNode(hasFrom ? "from" : "to").orElseThrow();
            reader.problem(present, map.path(hasFrom ? "from" : "to"), "give both `from` and `to` (times of day),"
                    + " or neither for whole days");
            return Optional.empty();
        }
        Optional<LocalTime> from = map.get("from").map(n -> time(n, map.path("from")))
                .orElse(Optional.of(LocalTime.MIDNIGHT));
        Optional<LocalTime> to = map.get("to").map(n -> time(n, map.path("to"))).orElse(Optional.of(LocalTime.MIDNIGHT));
        if (days.isEmpty() || from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        if (hasFrom && from.get().equals(to.get())) {
            reader.problem(map.get("to").orElseThrow(), map.path("to"),
                    "the same as `from`; leave both out for whole days");
            return Optional.empty();
        }
        try {
            return Optional.of(new Days(days.get(), from.get(), to.get()));
        } catch (IllegalArgumentException e) {
            reader.problem(node, path, "every day, all day: the window would always be open");
            return Optional.empty();
        }
    }

    /** {@code [sat, sun]}, {@code [mon-fri]}, {@code fri-mon} (wrapping over the week end), or one day. */
    private Optional<Set<DayOfWeek>> dayList(Node node, String path) {
        boolean list = node instanceof SequenceNode;
        if (!list && !(node instanceof ScalarNode) || YamlNodes.isNull(node)) {
            reader.wrongType(node, path, "a list of weekdays such as `[sat, sun]` or `[mon-fri]`");
            return Optional.empty();
        }
        List<Node> items = NodeReader.listOrOne(node);
        if (items.isEmpty()) {
            reader.problem(node, path, "no days; list at least one, e.g. `[sat, sun]`");
            return Optional.empty();
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = list ? path + "[" + i + "]" : path;
            Optional<String> text = reader.string(item, itemPath);
            if (text.isEmpty()) {
                ok = false;
                continue;
            }
            String[] ends = text.get().split("-", -1);
            if (ends.length > 2) {
                reader.problem(item, itemPath, YamlNodes.quote(text.get())
                        + " is not a weekday or a range such as `mon-fri`");
                ok = false;
                continue;
            }
            Optional<DayOfWeek> first = weekday(ends[0], item, itemPath);
            Optional<DayOfWeek> last = ends.length == 2 ? weekday(ends[1], item, itemPath) : first;
            if (first.isEmpty() || last.isEmpty()) {
                ok = false;
                continue;
            }
            for (DayOfWeek d = first.get(); ; d = d.plus(1)) {
                days.add(d);
                if (d == last.get()) {
                    break;
                }
            }
        }
        return ok ? Optional.of(days) : Optional.empty();
    }

    /** {@code from}/{@code to} without {@code days}: weekly ({@code Fri 18:00}) or one-off ({@code 2026-12-24 12:00}). */
    private Optional<Schedule> fromTo(MapReader map, Optional<ZoneId> zone) {
        Optional<Node> fromNode = map.required("from");
        Optional<Node> toNode = map.required("to");
        Optional<String> fromText = fromNode.flatMap(n -> reader.string(n, map.path("from")));
        Optional<String> toText = toNode.flatMap(n -> reader.string(n, map.path("to")));
        if (fromText.isEmpty() || toText.isEmpty()) {
            return Optional.empty();
        }
        boolean oneOff = looksLikeDate(fromText.get());
        if (looksLikeDate(toText.get()) != oneOff) {
            reader.problem(toNode.get(), map.path("to"), "expected " + (oneOff ? ONE_OFF_EXAMPLE : WEEKLY_EXAMPLE)
                    + ", as `from` is one");
            return Optional.empty();
        }
        return oneOff ? once(fromNode.get(), toNode.get(), map, zone) : weekly(fromNode.get(), toNode.get(), map);
    }

    private static boolean looksLikeDate(String text) {
        return text.strip().matches("\\d{4}-.*");
    }

    private Optional<Schedule> weekly(Node fromNode, Node toNode, MapReader map) {
        Optional<DayAndTime> from = dayAndTime(fromNode, map.path("from"));
        Optional<DayAndTime> to = dayAndTime(toNode, map.path("to"));
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        if (from.get().equals(to.get())) {
            reader.problem(toNode, map.path("to"), "the same as `from`; a weekly window ends at another time");
            return Optional.empty();
        }
        return Optional.of(new Weekly(from.get().day(), from.get().time(), to.get().day(), to.get().time()));
    }

    private record DayAndTime(DayOfWeek day, LocalTime time) {
    }

    private Optional<DayAndTime> dayAndTime(Node node, String path) {
        String text = ((ScalarNode) node).getValue().strip();
        Matcher m = DAY_AND_TIME.matcher(text);
        if (!m.matches()) {
            reader.problem(node, path, YamlNodes.quote(text) + " is not " + WEEKLY_EXAMPLE);
            return Optional.empty();
        }
        Optional<DayOfWeek> day = weekday(m.group(1), node, path);
        Optional<LocalTime> time = time(m.group(2), node, path);
        return day.isPresent() && time.isPresent() ? Optional.of(new DayAndTime(day.get(), time.get())) : Optional.empty();
    }

    private Optional<Schedule> once(Node fromNode, Node toNode, MapReader map, Optional<ZoneId> zone) {
        Optional<LocalDateTime> from = dateTime(fromNode, map.path("from"), zone);
        Optional<LocalDateTime> to = dateTime(toNode, map.path("to"), zone);
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        if (!to.get().isAfter(from.get())) {
            reader.problem(toNode, map.path("to"), "must be after `from` (" + Once.FORMAT.format(from.get()) + ")");
            return Optional.empty();
        }
        return Optional.of(new Once(from.get(), to.get()));
    }

    private Optional<LocalDateTime> dateTime(Node node, String path, Optional<ZoneId> zone) {
        String text = ((ScalarNode) node).getValue().strip();
        Matcher m = DATE_AND_TIME.matcher(text);
        if (!m.matches()) {
            reader.problem(node, path, YamlNodes.quote(text) + " is not " + ONE_OFF_EXAMPLE);
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            reader.problem(node, path, "no such date: " + YamlNodes.quote(text.substring(0, 10)));
            return Optional.empty();
        }
        Optional<LocalDateTime> value = time(m.group(4), node, path).map(date::atTime);
        Optional<String> missing = value.flatMap(t -> zone.flatMap(z -> WallClock.missing(t, z)));
        if (missing.isPresent()) {
            reader.problem(node, path, missing.get());
            return Optional.empty();
        }
        return value;
    }

    private Optional<LocalTime> time(Node node, String path) {
        return reader.string(node, path).flatMap(text -> time(text, node, path));
    }

    private Optional<LocalTime> time(String text, Node node, String path) {
        Matcher m = TIME.matcher(text.strip());
        if (m.matches()) {
            int hour = Integer.parseInt(m.group(1));
            int minute = Integer.parseInt(m.group(2));
            if (hour < 24 && minute < 60) {
                return Optional.of(LocalTime.of(hour, minute));
            }
        }
        reader.problem(node, path, YamlNodes.quote(text) + " is not a time of day; write e.g. `06:00` or `18:30`"
                + " (00:00 to 23:59)");
        return Optional.empty();
    }

    private Optional<DayOfWeek> weekday(String text, Node node, String path) {
        return named(text, node, path, "weekday", DAYS, DayOfWeek.values(), d -> d.name());
    }

    private Optional<Month> month(Node node, String path) {
        return reader.string(node, path)
                .flatMap(text -> named(text, node, path, "month", MONTHS, Month.values(), m -> m.name()));
    }

    /** A weekday or month by its English name or its first three or more letters ({@code sep}, {@code sept}), any case. */
    private <E> Optional<E> named(String text, Node node, String path, String what, List<String> shortNames, E[] values,
                                  Function<E, String> fullName) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < values.length; i++) {
            if (t.length() >= 3 && fullName.apply(values[i]).toLowerCase(Locale.ROOT).startsWith(t)) {
                return Optional.of(values[i]);
            }
        }
        String hint = Suggestions.closest(t, shortNames).map(s -> "did you mean `" + s + "`?")
                .orElseGet(() -> "expected one of " + String.join(", ", shortNames));
        reader.problem(node, path, "unknown " + what + " " + YamlNodes.quote(text.strip()) + "; " + hint);
        return Optional.empty();
    }

    /** {@code 05-01}: a day of every year. 02-29 only ends a range, as the last day of February. */
    private Optional<MonthDay> monthDay(Node node, String path, boolean start) {
        Optional<String> text = reader.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = MONTH_DAY.matcher(text.get().strip());
        if (!m.matches()) {
            reader.problem(node, path, YamlNodes.quote(text.get()) + " is not a day of the year; write month-day,"
                    + " e.g. `05-01`");
            return Optional.empty();
        }
        MonthDay day;
        try {
            day = MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (DateTimeException e) {
            reader.problem(node, path, "no such day: " + YamlNodes.quote(text.get().strip()));
            return Optional.empty();
        }
        if (start && day.equals(MonthDay.of(Month.FEBRUARY, 29))) {
            reader.problem(node, path, "02-29 is not in every year; start on 02-28 or 03-01");
            return Optional.empty();
        }
        return Optional.of(day);
    }

    private Optional<ZoneId> zone(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String id = text.get().strip();
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            String hint = suggestZone(id).map(s -> "did you mean `" + s + "`?")
                    .orElse("use an IANA name such as `Europe/London`, `America/New_York` or `UTC`");
            reader.problem(node, path, "unknown time zone " + YamlNodes.quote(id) + "; " + hint);
            return Optional.empty();
        }
    }

    /** A close zone id; failing that, one whose city is close to what was written ({@code Berlin}). */
    private static Optional<String> suggestZone(String id) {
        return Suggestions.closest(id, ZONES).or(() -> {
            String city = id.substring(id.lastIndexOf('/') + 1);
            return ZONES.stream()
                    .filter(z -> Suggestions.distance(city.toLowerCase(Locale.ROOT),
                            z.substring(z.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT)) <= 1)
                    .findFirst();
        });
    }

    /** Names and globs of services; each must name a service of the stack or match one. */
    private Optional<String> reason(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isPresent() && text.get().isBlank()) {
            reader.problem(node, path, "must not be blank");
            return Optional.empty();
        }
        return text.map(String::strip);
    }

    private static String shortName(Enum<?> value) {
        return value.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }
}
