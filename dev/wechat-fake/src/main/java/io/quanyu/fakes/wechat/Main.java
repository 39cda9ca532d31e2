package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake as a process (the embedded default of {@code dev/run}). Flags: {@code --port 18085};
 * {@code --accounts FILE} (a JSON array of account objects, see the README); {@code --account
 * appId=wx1,appSecret=s,token=t,encodingAesKey=...,mode=safe,callbackUrl=http://...} (repeatable);
 * {@code --person NICKNAME} (repeatable); {@code --callback-deadline-ms 5000}. Logs one line per callback delivery.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 18085;
        Duration deadline = WeChatFake.CALLBACK_DEADLINE;
        List<JsonNode> accounts = new ArrayList<>();
        List<String> people = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--callback-deadline-ms" -> deadline = Duration.ofMillis(Long.parseLong(require(args[i], value)));
                case "--accounts" -> readAccountsFile(Path.of(require(args[i], value))).forEach(accounts::add);
                case "--account" -> accounts.add(accountFlag(require(args[i], value)));
                case "--person" -> people.add(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown flag " + args[i]
                        + " (--port, --accounts, --account, --person, --callback-deadline-ms)");
            }
            i++;
        }
        WeChatFake fake = WeChatFake.builder().port(port).callbackDeadline(deadline).log(System.out::println).start();
        accounts.forEach(json -> fake.addAccount(AccountJson.parse(json, null)));
        people.forEach(fake::addPerson);
        System.out.println("WeChat fake listening on " + fake.baseUrl() + " (play page " + fake.baseUrl()
                + "/fake/), accounts: " + fake.accounts().stream().map(OfficialAccount::appId).toList());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static List<JsonNode> readAccountsFile(Path file) {
        JsonNode root = Json.MAPPER.readTree(file);
        JsonNode list = root.isArray() ? root : root.path("accounts");
        if (!list.isArray()) {
            throw new IllegalArgumentException(file + " is a JSON array of accounts or {\"accounts\": [...]}");
        }
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }

    /** {@code key=value} pairs separated by commas; a comma followed by something without {@code =} stays in the value. */
    static JsonNode accountFlag(String flag) {
        ObjectNode json = Json.object();
        for (String pair : flag.split(",(?=[A-Za-z]+=)")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--account takes key=value pairs, not " + pair);
            }
            json.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return json;
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
