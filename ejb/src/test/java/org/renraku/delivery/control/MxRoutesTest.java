package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

class MxRoutesTest {

    /** A DNS server in memory: dnsjava's own message types, answered from a table; unknown names NXDOMAIN. */
    static final class TableResolver implements Resolver {
        final Map<String, List<Record>> records = new HashMap<>();
        final Set<String> servfail = new HashSet<>();
        final Set<String> existing = new HashSet<>();
        int queries;
        final Map<String, Integer> asked = new HashMap<>();

        TableResolver mx(String domain, int preference, String host) {
            return add(new MXRecord(name(domain), DClass.IN, 3600, preference, name(host)));
        }

        TableResolver a(String host, String address) throws IOException {
            return add(new ARecord(name(host), DClass.IN, 3600, InetAddress.getByName(address)));
        }

        TableResolver aaaa(String host, String address) throws IOException {
            return add(new AAAARecord(name(host), DClass.IN, 3600, InetAddress.getByName(address)));
        }

        TableResolver add(Record r) {
            records.computeIfAbsent(key(r.getName(), r.getType()), k -> new ArrayList<>()).add(r);
            existing.add(r.getName().toString());
            return this;
        }

        @Override
        public Message send(Message query) {
            queries++;
            Record q = query.getQuestion();
            asked.merge(key(q.getName(), q.getType()), 1, Integer::sum);
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setFlag(Flags.AA);
            response.addRecord(q, Section.QUESTION);
            if (servfail.contains(q.getName().toString())) {
                response.getHeader().setRcode(Rcode.SERVFAIL);
                return response;
            }
            List<Record> answer = records.getOrDefault(key(q.getName(), q.getType()), List.of());
            if (answer.isEmpty() && !existing.contains(q.getName().toString())) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            answer.forEach(r -> response.addRecord(r, Section.ANSWER));
            return response;
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            return CompletableFuture.completedFuture(send(query));
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            return sendAsync(query);
        }

        private static String key(Name name, int type) {
            return name + "/" + Type.string(type);
        }

        @Override public void setPort(int port) { }
        @Override public void setTCP(boolean flag) { }
        @Override public void setIgnoreTruncation(boolean flag) { }
        @Override public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) { }
        @Override public void setTSIGKey(TSIG key) { }
        @Override public void setTimeout(Duration timeout) { }
    }

    static Name name(String s) {
        return Name.fromConstantString(s.endsWith(".") ? s : s + ".");
    }

    private static List<String> hostNames(MxRoutes.Route route) {
        return route.hosts().stream().map(MxRoutes.MxHost::name).toList();
    }

    @Test
    void mxHostsAreTriedInPreferenceOrderWithTheirAddresses() throws IOException {
        TableResolver dns = new TableResolver().mx("docomo.ne.jp", 20, "mx2.docomo.test")
                .mx("docomo.ne.jp", 10, "mx1.docomo.test").a("mx1.docomo.test", "127.0.0.2")
                .a("mx2.docomo.test", "127.0.0.3").aaaa("mx2.docomo.test", "::1");

        MxRoutes.Route route = new MxRoutes(dns, new Random(1)).route("docomo.ne.jp");

        assertThat(route.deliverable()).isTrue();
        assertThat(hostNames(route)).containsExactly("mx1.docomo.test", "mx2.docomo.test");
        assertThat(route.hosts().get(0).preference()).isEqualTo(10);
        assertThat(route.hosts().get(0).addresses()).containsExactly(InetAddress.getByName("127.0.0.2"));
        assertThat(route.hosts().get(1).addresses()).as("IPv4 first")
                .containsExactly(InetAddress.getByName("127.0.0.3"), InetAddress.getByName("::1"));
    }

    @Test
    void hostsOfEqualPreferenceAreShuffledAndStayBehindBetterOnes() throws IOException {
        TableResolver dns = new TableResolver().mx("gmail.com", 5, "a.gmail.test").mx("gmail.com", 5, "b.gmail.test")
                .mx("gmail.com", 5, "c.gmail.test").mx("gmail.com", 1, "best.gmail.test")
                .mx("gmail.com", 40, "last.gmail.test");
        for (String h : List.of("a", "b", "c", "best", "last")) {
            dns.a(h + ".gmail.test", "127.0.0.4");
        }
        Set<List<String>> orders = new HashSet<>();
        MxRoutes routes = new MxRoutes(dns, new Random(7));
        for (int i = 0; i < 60; i++) {
            List<String> order = hostNames(routes.route("gmail.com"));
            assertThat(order.get(0)).isEqualTo("best.gmail.test");
            assertThat(order.get(4)).isEqualTo("last.gmail.test");
            assertThat(order.subList(1, 4)).containsExactlyInAnyOrder("a.gmail.test", "b.gmail.test", "c.gmail.test");
            orders.add(order);
        }
        assertThat(orders).as("equal preferences spread over the hosts").hasSizeGreaterThan(1);
    }

    @Test
    void aDomainWithoutMxIsItsOwnMailHost() throws IOException {
        TableResolver dns = new TableResolver().a("school.example.jp", "127.0.0.5");

        MxRoutes.Route route = new MxRoutes(dns, new Random(1)).route("School.Example.JP");

        assertThat(route.deliverable()).isTrue();
        assertThat(hostNames(route)).containsExactly("school.example.jp");
        assertThat(route.hosts().get(0).addresses()).containsExactly(InetAddress.getByName("127.0.0.5"));
    }

    @Test
    void aNullMxRefusesTheDomainForGood() {
        TableResolver dns = new TableResolver().mx("nomail.example.jp", 0, ".");

        MxRoutes.Route route = new MxRoutes(dns, new Random(1)).route("nomail.example.jp");

        assertThat(route.deliverable()).isFalse();
        assertThat(route.refusal().toString()).isEqualTo("556 5.1.10 Domain nomail.example.jp accepts no mail (null MX, RFC 7505)");
        assertThat(route.refusal().permanentFailure()).isTrue();
    }

    @Test
    void aDomainThatDoesNotExistIsAPermanentRefusal() {
        MxRoutes.Route route = new MxRoutes(new TableResolver(), new Random(1)).route("nxdomain.example.jp");

        assertThat(route.refusal().toString()).isEqualTo("550 5.1.2 Domain not found: nxdomain.example.jp (DNS: no such domain)");
        assertThat(ReplyPolicy.classify(route.refusal(), 0, null, java.time.Instant.now()).verdict())
                .isEqualTo(ReplyPolicy.Verdict.FAILED);
    }

    @Test
    void aDomainWithNeitherMxNorAddressIsRefused() {
        TableResolver dns = new TableResolver();
        dns.existing.add("empty.example.jp."); // the name exists (NOERROR), with no MX, A or AAAA record

        MxRoutes.Route route = new MxRoutes(dns, new Random(1)).route("empty.example.jp");

        assertThat(route.refusal().toString()).isEqualTo("550 5.4.4 Domain empty.example.jp has no MX and no address (DNS)");
    }

    @Test
    void mxHostsWithoutAddressAreLeftOutAndNoneLeftIsARefusal() throws IOException {
        TableResolver dns = new TableResolver().mx("au.com", 10, "gone.au.test").mx("au.com", 20, "mx2.au.test")
                .a("mx2.au.test", "127.0.0.6");
        assertThat(hostNames(new MxRoutes(dns, new Random(1)).route("au.com"))).containsExactly("mx2.au.test");

        TableResolver none = new TableResolver().mx("au.com", 10, "gone.au.test");
        assertThat(new MxRoutes(none, new Random(1)).route("au.com").refusal().toString())
                .isEqualTo("550 5.4.4 No MX host of au.com has an address");
    }

    @Test
    void aFailingDnsServerIsATemporaryRefusal() throws IOException {
        TableResolver dns = new TableResolver().mx("ezweb.ne.jp", 10, "mx1.au.test");
        dns.servfail.add("ezweb.ne.jp.");

        MxRoutes.Route route = new MxRoutes(dns, new Random(1)).route("ezweb.ne.jp");

        assertThat(route.refusal().code()).isEqualTo(451);
        assertThat(route.refusal().enhanced()).isEqualTo("4.4.3");
        assertThat(route.refusal().text()).startsWith("DNS lookup of ezweb.ne.jp failed, will retry");
        assertThat(ReplyPolicy.classify(route.refusal(), 0, null, java.time.Instant.now()).verdict())
                .isEqualTo(ReplyPolicy.Verdict.DEFERRED);

        TableResolver hostFails = new TableResolver().mx("ezweb.ne.jp", 10, "mx1.au.test");
        hostFails.servfail.add("mx1.au.test.");
        assertThat(new MxRoutes(hostFails, new Random(1)).route("ezweb.ne.jp").refusal().code()).isEqualTo(451);
    }

    @Test
    void notADomainIsRefusedWithoutAQuery() {
        TableResolver dns = new TableResolver();

        MxRoutes routes = new MxRoutes(dns, new Random(1));

        assertThat(routes.route("a..b").refusal().toString()).startsWith("550 5.1.2 Not a mail domain");
        assertThat(routes.route("[127.0.0.1]").refusal().toString()).startsWith("550 5.1.2 Not a mail domain");
        assertThat(routes.route("").refusal().toString()).startsWith("550 5.1.2 Not a mail domain");
        assertThat(dns.queries).isZero();
    }

    @Test
    void answersAreCachedForTheirTtl() throws IOException {
        TableResolver dns = new TableResolver().mx("i.softbank.jp", 10, "mx1.softbank.test").a("mx1.softbank.test", "127.0.0.7");
        MxRoutes routes = new MxRoutes(dns, new Random(1));

        routes.route("i.softbank.jp");
        routes.route("i.softbank.jp");

        assertThat(dns.asked).as("an hour's TTL: asked once")
                .containsEntry("i.softbank.jp./MX", 1).containsEntry("mx1.softbank.test./A", 1);
    }

    @Test
    void sameMxHostsMakeTheSameRouteKey() throws IOException {
        TableResolver dns = new TableResolver().mx("softbank.ne.jp", 10, "mx1.softbank.test")
                .mx("i.softbank.jp", 10, "mx1.softbank.test").mx("ymobile.ne.jp", 10, "mx1.ymobile.test")
                .a("mx1.softbank.test", "127.0.0.7").a("mx1.ymobile.test", "127.0.0.8");
        MxRoutes routes = new MxRoutes(dns, new Random(1));

        assertThat(routes.route("softbank.ne.jp").key()).isEqualTo(routes.route("i.softbank.jp").key())
                .isNotEqualTo(routes.route("ymobile.ne.jp").key());
    }

    @Test
    void dnsServersAreReadFromTheConfiguredList() {
        assertThat(MxRoutes.resolver("127.0.0.1:5353, [::1]:53 ,10.0.0.1")).isNotNull();
        assertThat(MxRoutes.resolver("")).as("the system's resolvers").isNotNull();
        assertThatThrownBy(() -> MxRoutes.resolver("127.0.0.1:99999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.0.0.1:99999");
        assertThatThrownBy(() -> MxRoutes.resolver("127.0.0.1:x")).isInstanceOf(IllegalArgumentException.class);
    }
}
