package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real bounces from the Sisimai corpus (src/test/resources/bounces, BSD 2-Clause, see LICENSE there): one or
 * more fixtures for every reason the corpus contains, each row the answer Sisimai 4.25.15 gives (recipient,
 * kind, reason). Covers RFC 3464 DSNs and the non-standard formats (Exim, qmail, Postfix, Sendmail, Exchange,
 * Office 365, Gmail, Yahoo, Zoho, Domino in Japanese, Amazon SES JSON, forwarded bounces) and the Japanese
 * carriers (docomo, au/ezweb, SoftBank), ARF complaints, auto-replies, delivery reports and a non-bounce.
 */
class BounceClassifierCorpusTest {

    private final BounceClassifier classifier = new BounceClassifier();

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = BounceClassifierCorpusTest.class.getResourceAsStream("/bounces/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(quoteCharacter = '\'', value = {
            "lhost-exim-46.eml,kijitora@example.com,soft,blocked",
            "lhost-sendmail-44.eml,kijitora@rokujo.example.jp,soft,contenterror",
            "lhost-sendmail-05.eml,kijitora@example.org,soft,exceedlimit",
            "lhost-opensmtpd-05.eml,kijitora@mail.example.co.jp,soft,expired",
            "lhost-exchange2003-04.eml,kijitora@example.com,soft,filtered",
            "lhost-sendmail-17.eml,kijitora@example.net,hard,hasmoved",
            "lhost-v5sendmail-02.eml,kijitora@neko.example.org,hard,hostunknown",
            "rfc3464-38.eml,kijitora-nyaan@example.jp,soft,mailboxfull",
            "rfc3464-04.eml,kijitora@mailx-53.neko.example.edu,soft,mailererror",
            "lhost-exim-58.eml,kijitora@example.us,soft,mesgtoobig",
            "lhost-x2-07.eml,kijitora@example.co.jp,soft,networkerror",
            "is-not-bounce-01.eml,'',none,undefined",
            "lhost-v5sendmail-06.eml,kijitora@example.edu,soft,norelaying",
            "lhost-sendmail-57.eml,neko@libsisimai.org,hard,notaccept",
            "lhost-notes-01.eml,kijitora@u1.example.co.jp,soft,onhold",
            "lhost-qmail-20.eml,pseudo-local-part-of-each-esp@gmail.com,soft,policyviolation",
            "lhost-exim-50.eml,kijitora@neko.example.com,soft,rejected",
            "lhost-amazonses-08.eml,e@neko.nyaan.example.org,soft,securityerror",
            "lhost-exim-55.eml,kijitora@example.com,soft,spamdetected",
            "lhost-ezweb-03.eml,this-local-part-does-not-exist-on-the-site@ezweb.ne.jp,soft,suspend",
            "lhost-exim-52.eml,neko@example.net,soft,syntaxerror",
            "lhost-postfix-47.eml,kijitora@hotmail.example.com,soft,systemerror",
            "lhost-sendmail-39.eml,kijitora@nekochan.example.ne.jp,soft,systemfull",
            "lhost-postfix-55.eml,neko-nyaan@example.ne.jp,soft,toomanyconn",
            "lhost-postfix-64.eml,xxxx@wanadoo.fr,soft,undefined",
            "lhost-imailserver-03.eml,kijitora@neko.example.co.jp,hard,userunknown",
            "rfc3834-01.eml,kijitora@example.net,none,vacation",
            "lhost-postfix-62.eml,nyaan@libsisimai.org,soft,virusdetected",
            "rfc3464-28.eml,kijitora@neko.example.jp,none,delivered",
            "lhost-gmail-01.eml,userunknown@example.jp,hard,userunknown",
            "lhost-qmail-08.eml,shironeko@example.ad.jp,soft,mailboxfull",
            "lhost-yahoo-05.eml,kijitora@example.co.jp,hard,userunknown",
            "lhost-amazonses-09.eml,bounce@simulator.amazonses.com,hard,userunknown",
            "arf-16.eml,kijitora@example.com,none,feedback",
            "arf-16.eml,sironeko@example.com,none,feedback",
            "arf-16.eml,mikeneko@example.com,none,feedback",
            "arf-16.eml,sabatora@example.com,none,feedback",
            "arf-16.eml,sirokiji@example.org,none,feedback",
            "arf-16.eml,kuroneko@example.com,none,feedback",
            "arf-16.eml,sabineko@example.com,none,feedback",
            "lhost-x5-01.eml,kijitora@neko.example.org,hard,userunknown",
            "lhost-v5sendmail-05.eml,kuroneko@example.or.jp,hard,hostunknown",
            "lhost-v5sendmail-05.eml,kijitora@example.org,hard,hostunknown",
            "lhost-v5sendmail-05.eml,mikeneko@example.co.jp,hard,userunknown",
            "lhost-domino-02.eml,kijitora@example.co.jp,hard,userunknown",
            "lhost-zoho-02.eml,mikeneko@example.co.jp,soft,filtered",
            "lhost-zoho-02.eml,sabineko@example.co.jp,soft,mailboxfull",
            "lhost-kddi-01.eml,kijitora@x0000000000000.dion.ne.jp,soft,mailboxfull",
            "lhost-office365-13.eml,kijitora-nyaan@neko.kyoto.example.jp,hard,userunknown",
            "make-test-36.eml,non-existent-user-address-of-ntt-docomo@docomo.ne.jp,soft,filtered",
            "lhost-ezweb-04.eml,this-local-part-does-not-exist-on-the-server@ezweb.ne.jp,hard,userunknown",
            "make-test-13.eml,recipient-is-non-existent-user@i.softbank.jp,hard,userunknown",
            "make-test-05.eml,this-message-excees-limit-5000kb@docomo.ne.jp,soft,mesgtoobig",
            "lhost-sendmail-49.eml,this-local-part-does-not-exist-on@au.com,hard,userunknown",
            "lhost-exim-05.eml,kijitora@neko.example.co.jp,hard,userunknown",
            "arf-11.eml,'',none,feedback"
    })
    void classifiesLikeTheReference(String file, String recipient, String kind, String reason) throws IOException {
        BounceReport report = classifier.classify(fixture(file));

        assertThat(report.results())
                .as("%s", report.results())
                .anySatisfy(r -> {
                    assertThat(r.recipient()).isEqualTo(recipient == null ? "" : recipient);
                    assertThat(r.kind()).isEqualTo(BounceKind.valueOf(kind.toUpperCase(Locale.ROOT)));
                    assertThat(r.reason()).isEqualTo(reason);
                });
    }
}
