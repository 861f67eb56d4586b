package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.EmailAddress;

class CarrierClassifierTest {

    @ParameterizedTest
    @CsvSource({
            "taro..yamada.@docomo.ne.jp, DOCOMO",
            "hanako@ezweb.ne.jp, AU",
            "office@biz.ezweb.ne.jp, AU",
            "jiro@au.com, AU",
            "saburo@softbank.ne.jp, SOFTBANK",
            "shiro@i.softbank.jp, SOFTBANK",
            "goro@d.vodafone.ne.jp, SOFTBANK",
            "rokuro@ymobile.ne.jp, YMOBILE",
            "nana@rakumail.jp, RAKUTEN",
            "parent@gmail.com, GMAIL",
            "parent@icloud.com, ICLOUD",
            "parent@yahoo.co.jp, YAHOO_JAPAN",
            "parent@outlook.jp, OUTLOOK",
            "parent@hotmail.co.jp, OUTLOOK",
            "teacher@school.ed.jp, OTHER",
            "someone@notdocomo.ne.jp, OTHER"})
    void shouldClassifyByDomainIncludingSubdomains(String address, Carrier expected) {
        assertThat(CarrierClassifier.classify(EmailAddress.of(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"DOCOMO, true", "AU, true", "SOFTBANK, true", "GMAIL, false", "OTHER, false"})
    void japaneseMobileCarriersShouldBeMarkedForPacing(Carrier carrier, boolean japaneseMobile) {
        assertThat(carrier.japaneseMobile()).isEqualTo(japaneseMobile);
    }
}
