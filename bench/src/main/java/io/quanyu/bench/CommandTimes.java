package io.quanyu.bench;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonValue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Round trips to MongoDB as the driver saw them (sent to answer read), summed per database, command and
 * collection, e.g. {@code update c360_profiles}: where a call's time went, measured, not guessed.
 */
final class CommandTimes implements CommandListener {
    /** Calls and their summed round-trip time. */
    record Total(long calls, long nanos) {
        Total plus(Total other) {
            return new Total(calls + other.calls, nanos + other.nanos);
        }
    }

    private final Map<Integer, String> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Total> totals = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonValue target = event.getCommand().get(event.getCommandName());
        String collection = target != null && target.isString() ? " " + target.asString().getValue() : "";
        inFlight.put(event.getRequestId(),
                event.getDatabaseName() + "|" + event.getCommandName() + collection);
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        done(event.getRequestId(), event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        done(event.getRequestId(), event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    private void done(int id, long nanos) {
        String key = inFlight.remove(id);
        if (key != null) {
            totals.merge(key, new Total(1, nanos), Total::plus);
        }
    }

    /** The totals of one database since the last {@link #reset}, by command and collection. */
    Map<String, Total> of(String database) {
        Map<String, Total> out = new TreeMap<>();
        totals.forEach((key, total) -> {
            if (key.startsWith(database + "|")) {
                out.put(key.substring(database.length() + 1), total);
            }
        });
        return out;
    }

    void reset() {
        totals.clear();
    }
}
