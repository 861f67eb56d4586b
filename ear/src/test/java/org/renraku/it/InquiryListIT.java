package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.inject.Inject;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.inbound.boundary.Inquiries;
import org.renraku.inbound.boundary.InquiryRow;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.entity.EmailAddress;

/**
 * The read side of the console's inquiries page against MariaDB: newest first, paged; the sender masked
 * unless the network shows full addresses; handled / open again within the admin's own network only.
 */
@ExtendWith(ArquillianExtension.class)
class InquiryListIT {

    @Inject
    Fixtures fixtures;

    @Inject
    Inquiries inquiries;

    @Inject
    MemberAdministration administration;

    @Test
    void pagesNewestFirstMasksAndMarksHandledWithinTheNetworkOnly() throws Exception {
        long network = fixtures.network();
        long other = fixtures.network();
        long first = inquiries.record(network, EmailAddress.of("hanako.t@gmail.com"), "一件目", "本文1").id();
        Thread.sleep(5);
        inquiries.record(network, EmailAddress.of("jiro@ezweb.ne.jp"), "二件目", "本文2");
        Thread.sleep(5);
        inquiries.record(network, EmailAddress.of("saburo@i.softbank.jp"), "三件目", "あ".repeat(Inquiries.BODY_SHOWN + 10));
        long stranger = inquiries.record(other, EmailAddress.of("x@docomo.ne.jp"), "よそ", "よその本文").id();

        assertThat(inquiries.count(network, false)).isEqualTo(3);
        assertThat(inquiries.page(network, false, 0, 2)).extracting(InquiryRow::subject).containsExactly("三件目", "二件目");
        assertThat(inquiries.page(network, false, 2, 2)).extracting(InquiryRow::subject, InquiryRow::from)
                .containsExactly(tuple("一件目", "ha***@gmail.com"));
        assertThat(inquiries.page(network, false, 0, 1).get(0).body()).hasSize(Inquiries.BODY_SHOWN + 1).endsWith("…");

        administration.showAddresses(network, true, "it-admin", "127.0.0.1");
        assertThat(inquiries.page(network, false, 2, 1)).extracting(InquiryRow::from, InquiryRow::fromMasked)
                .containsExactly(tuple("hanako.t@gmail.com", false));

        assertThat(inquiries.markHandled(network, stranger, true)).as("another network's inquiry").isFalse();
        assertThat(inquiries.count(other, true)).isEqualTo(1);
        assertThat(inquiries.markHandled(network, first, true)).isTrue();
        assertThat(inquiries.count(network, true)).isEqualTo(2);
        assertThat(inquiries.page(network, true, 0, 10)).extracting(InquiryRow::subject).containsExactly("三件目", "二件目");
        assertThat(inquiries.page(network, false, 2, 1).get(0).handled()).isTrue();
        assertThat(inquiries.markHandled(network, first, false)).isTrue();
        assertThat(inquiries.count(network, true)).isEqualTo(3);
    }
}
