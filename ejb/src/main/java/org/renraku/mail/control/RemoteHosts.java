package org.renraku.mail.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What the large receiving providers mean by their own error codes and texts (La Poste/Orange "LPN007_510",
 * GoDaddy "IB104", Cox and Spectrum "AUP#…", Microsoft Exchange Online's "5.7.606–649 banned sending IP", Gmail's
 * documented replies, docomo, au, QQ, Mimecast, i.ua). A provider is recognised by the remote host that answered
 * or, when that is not known, by the recipient's domain. Tables and rules ported from Sisimai 4.25.15
 * ({@code lib/Sisimai/Rhost/*.pm}; BSD 2-Clause, Copyright (C) 2014 azumakuniyuki); the tables are in
 * {@code rhost-tables.json} beside this class, read with JSON-P.
 */
public final class RemoteHosts {

    private record Provider(String module, Pattern host) {
    }

    private static final List<Provider> PROVIDERS = List.of(
            new Provider("Cox", Pattern.compile("cox\\.net")),
            new Provider("ExchangeOnline", Pattern.compile("\\.(?:prod|protection)\\.outlook\\.com$")),
            new Provider("FrancePTT", Pattern.compile("\\b(?:laposte\\.net|(?:orange|wanadoo)\\.fr)$")),
            new Provider("GoDaddy", Pattern.compile("^(?:smtp|mailstore1)\\.secureserver\\.net$")),
            new Provider("GoogleApps", Pattern.compile("(?:aspmx|gmail-smtp-in)\\.l\\.google\\.com$")),
            new Provider("IUA", Pattern.compile("\\.email\\.ua$")),
            new Provider("KDDI", Pattern.compile("\\.(?:ezweb\\.ne\\.jp|au\\.com)$")),
            new Provider("Mimecast", Pattern.compile("\\.mimecast\\.com$")),
            new Provider("NTTDOCOMO", Pattern.compile("mfsmax\\.docomo\\.ne\\.jp$")),
            new Provider("Spectrum", Pattern.compile("charter\\.net")),
            new Provider("TencentQQ", Pattern.compile("mx[0-9]+\\.qq\\.com$")));

    private static final JsonObject TABLES = load();

    private static final Pattern FRANCE = Pattern.compile("(?i)\\b(LPN|LPNAAA|OFR|OUK)(_[0-9]{3}|[0-9]{3}[-_][0-9]{3})\\b");
    private static final Pattern GODADDY = Pattern.compile("\\s(IB\\d{3})\\b");
    private static final Pattern COX = Pattern.compile("AUP#([0-9A-Z]+)");
    private static final Pattern SPECTRUM = Pattern.compile("AUP#[-A-Za-z]*(\\d{4})");
    private static final Pattern IUA = Pattern.compile("\\.i\\.ua/err/(\\d+)");

    private RemoteHosts() {
    }

    /** True when a host name (a remote MTA, or the recipient's domain) belongs to a provider with its own codes. */
    public static boolean known(String host) {
        return provider(host).isPresent();
    }

    private static Optional<String> provider(String host) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        return PROVIDERS.stream().filter(p -> p.host().matcher(h).find()).map(Provider::module).findFirst();
    }

    /**
     * The reason the provider's own code or text gives, if the host is a known provider's and it says one.
     *
     * @param host       the remote host that answered, or the recipient's domain
     * @param f          the facts of the failed delivery (status, diagnostic, reply code, command)
     */
    static Optional<BounceReason> reason(String host, BounceReasons.Facts f) {
        Optional<String> module = provider(host);
        if (module.isEmpty()) {
            return Optional.empty();
        }
        String d = f.diagnostic().length() > ReasonPatterns.MAX_TEXT
                ? f.diagnostic().substring(0, ReasonPatterns.MAX_TEXT) : f.diagnostic();
        String lower = d.toLowerCase(Locale.ROOT);
        JsonObject t = TABLES.getJsonObject(module.get());
        String r = switch (module.get()) {
            case "FrancePTT" -> {
                Matcher m = FRANCE.matcher(d);
                if (!m.find()) {
                    yield "";
                }
                String all = m.group(1) + m.group(2);
                String code = all.substring(all.length() - 3);
                yield orUndefined(string(t.getJsonObject("errorcodes"), code));
            }
            case "GoDaddy" -> {
                Matcher m = GODADDY.matcher(d);
                yield m.find() ? string(t.getJsonObject("errorcodes"), m.group(1)) : inLists(t.getJsonObject("messagesof"), d);
            }
            case "Cox" -> {
                Matcher m = COX.matcher(d);
                String byCode = m.find() ? string(t.getJsonObject("errorcodes"), m.group(1)) : "";
                yield byCode.isEmpty() ? inLists(t.getJsonObject("messagesof"), d) : byCode;
            }
            case "Spectrum" -> {
                Matcher m = SPECTRUM.matcher(d);
                int code = m.find() ? Integer.parseInt(m.group(1)) : 0;
                String byCode = string(t.getJsonObject("errorcodes"), String.valueOf(code));
                if (byCode.isEmpty()) {
                    for (JsonValue v : t.getJsonArray("coderanges")) {
                        JsonArray range = v.asJsonArray();
                        if (code >= number(range.get(0)) && code <= number(range.get(1))) {
                            byCode = text(range.get(2));
                            break;
                        }
                    }
                }
                yield byCode;
            }
            case "IUA" -> {
                Matcher m = IUA.matcher(lower);
                yield m.find() ? string(t.getJsonObject("errorcodes"), m.group(1)) : "";
            }
            case "KDDI" -> {
                String found = "";
                for (var e : new TreeMap<>(t.getJsonObject("messagesof")).entrySet()) {
                    if (d.contains(text(e.getValue()))) {
                        found = e.getKey();
                        break;
                    }
                }
                yield found;
            }
            case "TencentQQ" -> {
                String found = "";
                for (var e : new TreeMap<>(t.getJsonObject("messagesof")).entrySet()) {
                    if (lower.contains(e.getKey())) {
                        found = text(e.getValue());
                        break;
                    }
                }
                yield found;
            }
            case "NTTDOCOMO" -> {
                String status = f.status();
                if (status.equals("5.1.1") || status.equals("5.0.911")) {
                    yield "userunknown";
                }
                if (status.equals("5.2.0")) {
                    yield "filtered";
                }
                for (var e : new TreeMap<>(t.getJsonObject("messagesof")).entrySet()) {
                    if (Pattern.compile(text(e.getValue())).matcher(lower).find()) {
                        yield e.getKey();
                    }
                }
                if (status.equals("5.0.0")) {
                    yield f.command().equals("RCPT") ? "userunknown" : f.command().equals("DATA") ? "rejected" : "";
                }
                yield "";
            }
            case "Mimecast" -> {
                if (!f.replyCode().matches("[245]\\d\\d")) {
                    yield "";
                }
                int reply = Integer.parseInt(f.replyCode());
                yield inPairs(t.getJsonObject("messagesof"), e -> number(e.get(0)) == reply
                        && lower.contains(text(e.get(1))));
            }
            case "GoogleApps" -> {
                if (f.replyCode().isEmpty() || !f.status().matches("[245]\\.\\d\\.\\d+")) {
                    yield "";
                }
                String reply = f.replyCode();
                String status = f.status();
                yield inPairs(t.getJsonObject("messagesof"), e -> lower.contains(text(e.get(2)))
                        && text(e.get(0)).equals(reply) && text(e.get(1)).equals(status));
            }
            case "ExchangeOnline" -> {
                if (!f.status().matches("[245]\\.\\d\\.\\d+")) {
                    yield "";
                }
                String status = f.status();
                int third = Integer.parseInt(status.substring(status.lastIndexOf('.') + 1));
                yield inPairs(t.getJsonObject("messagesof"), e -> {
                    String code = text(e.get(0));
                    int lo = number(e.get(1));
                    int hi = number(e.get(2));
                    boolean codeOk = lo == hi ? status.equals(code) : status.startsWith(code) && third >= lo && third <= hi;
                    return codeOk && lower.contains(text(e.get(3)));
                });
            }
            default -> "";
        };
        return BounceReason.of(r);
    }

    private static String orUndefined(String s) {
        return s.isEmpty() ? "undefined" : s;
    }

    private static String inLists(JsonObject table, String d) {
        for (var e : new TreeMap<>(table).entrySet()) {
            for (JsonValue v : e.getValue().asJsonArray()) {
                if (d.contains(text(v))) {
                    return e.getKey();
                }
            }
        }
        return "";
    }

    private static String inPairs(JsonObject table, java.util.function.Predicate<JsonArray> rule) {
        for (var e : new TreeMap<>(table).entrySet()) {
            for (JsonValue v : e.getValue().asJsonArray()) {
                if (rule.test(v.asJsonArray())) {
                    return e.getKey();
                }
            }
        }
        return "";
    }

    private static String string(JsonObject table, String key) {
        JsonValue v = table == null ? null : table.get(key);
        return v instanceof JsonString s ? s.getString() : "";
    }

    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : v instanceof JsonNumber n ? n.toString() : "";
    }

    private static int number(JsonValue v) {
        if (v instanceof JsonNumber n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(text(v));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonObject load() {
        try (InputStream in = RemoteHosts.class.getResourceAsStream("rhost-tables.json")) {
            if (in == null) {
                throw new IllegalStateException("rhost-tables.json is missing from the classpath");
            }
            try (JsonReader r = Json.createReader(in)) {
                return r.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remote hosts named in a diagnostic text ("host mx.example.com[192.0.2.1] said", "while talking to …"). */
    public static List<String> hostsIn(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String t = text.length() > ReasonPatterns.MAX_TEXT ? text.substring(0, ReasonPatterns.MAX_TEXT) : text;
        Matcher m = HOST_IN_TEXT.matcher(t);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
        }
        return out;
    }

    private static final Pattern HOST_IN_TEXT = Pattern.compile(
            "(?i)(?:\\bhost\\s+|while talking to\\s+|remote-mta:\\s*dns;\\s*|\\bby\\s+|\\bfrom\\s+)"
                    + "([a-z0-9][a-z0-9-]{0,62}(?:\\.[a-z0-9-]{1,63}){1,8})\\.?(?:\\s*\\[|:|\\s|$)");
}
